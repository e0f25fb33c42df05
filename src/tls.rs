//! The lowest TLS version an ELB security policy accepts, read from its name.
//! AWS's predefined policies encode it: `ELBSecurityPolicy-TLS13-1-2-2021-06`
//! (TLS 1.2+), `…-TLS-1-1-2017-01` (1.1+), `…-FS-1-2-Res-2020-10` (1.2+); the
//! oldest ones (`ELBSecurityPolicy-2016-08`, `-2015-05`, `-FS-2018-06`) accept 1.0.

/// Minor version of TLS 1.x, e.g. `2` for TLS 1.2; `None` for a name posture does not know.
pub fn min_tls_minor(policy: &str) -> Option<u8> {
    for marker in ["TLS13-1-", "TLS-1-", "FS-1-"] {
        if let Some(at) = policy.find(marker) {
            let digit = policy[at + marker.len()..].chars().next()?;
            return digit.to_digit(10).filter(|d| *d <= 3).map(|d| d as u8);
        }
    }
    match policy {
        "ELBSecurityPolicy-2016-08"
        | "ELBSecurityPolicy-2015-05"
        | "ELBSecurityPolicy-FS-2018-06" => Some(0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::min_tls_minor;

    #[test]
    fn predefined_policies() {
        let cases = [
            ("ELBSecurityPolicy-TLS13-1-3-2021-06", Some(3)),
            ("ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04", Some(3)),
            ("ELBSecurityPolicy-TLS13-1-2-2021-06", Some(2)),
            ("ELBSecurityPolicy-TLS13-1-2-Res-2021-06", Some(2)),
            ("ELBSecurityPolicy-TLS13-1-2-PQ-2025-09", Some(2)),
            ("ELBSecurityPolicy-TLS13-1-1-2021-06", Some(1)),
            ("ELBSecurityPolicy-TLS13-1-0-2021-06", Some(0)),
            ("ELBSecurityPolicy-TLS-1-2-2017-01", Some(2)),
            ("ELBSecurityPolicy-TLS-1-2-Ext-2018-06", Some(2)),
            ("ELBSecurityPolicy-TLS-1-1-2017-01", Some(1)),
            ("ELBSecurityPolicy-TLS-1-0-2015-04", Some(0)),
            ("ELBSecurityPolicy-FS-1-2-Res-2020-10", Some(2)),
            ("ELBSecurityPolicy-FS-1-1-2019-08", Some(1)),
            ("ELBSecurityPolicy-FS-2018-06", Some(0)),
            ("ELBSecurityPolicy-2016-08", Some(0)),
            ("ELBSecurityPolicy-2015-05", Some(0)),
            ("SomethingElse", None),
        ];
        for (name, want) in cases {
            assert_eq!(min_tls_minor(name), want, "{name}");
        }
    }
}
