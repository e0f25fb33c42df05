//! `alb-tls13-only`: HTTPS listeners accept TLS 1.3 only.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    tls_version_check(out, inv, 3, "TLS 1.3");
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{named, tls_policies};
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn only_tls13_policies_pass() {
        let findings = check("alb-tls13-only", &tls_policies());
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("tls13", Pass),
                ("tls12", Fail),
                ("old", Fail),
                ("strange", Unknown),
                ("unread", Unknown),
                ("nlb-tls12", Fail)
            ])
        );
        let tls12 = named(&findings, "tls12");
        assert_eq!(
            tls12.message,
            "tls12 accepts connections below TLS 1.3: ELBSecurityPolicy-TLS-1-2-2017-01 (TLS 1.2)."
        );
        assert_eq!(
            tls12.evidence["listener_policies"],
            "HTTPS:443 ELBSecurityPolicy-TLS-1-2-2017-01"
        );
    }
}
