//! `alb-tls-policy`: HTTPS listeners require TLS 1.2 or newer.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    tls_version_check(out, inv, 2, "TLS 1.2");
}

#[cfg(test)]
mod tests {
    use super::super::fixture::tls_policies;
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn tls_policies_judged_on_tls_listeners_only() {
        assert_eq!(
            verdicts(&check("alb-tls-policy", &tls_policies())),
            v(&[
                ("tls13", Pass),
                ("tls12", Pass),
                ("old", Fail),
                ("strange", Unknown),
                ("unread", Unknown),
                ("nlb-tls12", Pass)
            ])
        );
    }
}
