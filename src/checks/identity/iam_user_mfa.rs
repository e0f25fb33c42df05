//! `iam-user-mfa`: Every IAM user with a console password has an MFA device.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<Users>(inv, |out, at, user| {
        match (user.console_password, user.has_mfa()) {
            (Some(false), _) => {} // no console access: nothing to protect with MFA here
            (None, _) | (Some(true), None) => out.on(at, &user.arn, &user.name).unknown(format!(
                "Console access or MFA devices of {} could not be read.",
                user.name
            )),
            (Some(true), Some(mfa)) => out
                .on(at, &user.arn, &user.name)
                .evidence("console_password", true)
                .evidence("mfa_active", mfa)
                .verdict(
                    mfa,
                    format!("{} signs in to the console with MFA.", user.name),
                    format!("{} has a console password and no MFA device.", user.name),
                ),
        }
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{iam, named, unread, user, users};
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn console_users_need_mfa() {
        let findings = check("iam-user-mfa", &users());
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("console-no-mfa", Fail),
                ("console-mfa", Pass),
                ("unread", Unknown)
            ])
        );
        let with = named(&findings, "console-mfa");
        assert_eq!(with.evidence["mfa_active"], "true");
        assert_eq!(with.resource, "arn:aws:iam::123456789012:user/console-mfa");
    }

    /// Users whose facts came from the credential report: `mfa_active`, no serials.
    #[test]
    fn the_credential_reports_mfa_flag_decides() {
        let from_report = |name: &str, console: bool, mfa: Option<bool>| {
            let mut u = user(name, Some(console), 0, json!([]));
            u["mfa_devices"] = json!(null);
            u["mfa_active"] = json!(mfa);
            u
        };
        let inv = iam(
            json!([]),
            json!([
                from_report("report-no-mfa", true, Some(false)),
                from_report("report-mfa", true, Some(true)),
                from_report("report-no-console", false, Some(false)),
                from_report("report-unread", true, None),
            ]),
            json!([]),
        );
        assert_eq!(
            verdicts(&check("iam-user-mfa", &inv)),
            v(&[
                ("report-no-mfa", Fail),
                ("report-mfa", Pass),
                ("report-unread", Unknown)
            ])
        );
    }

    #[test]
    fn unread_mfa_devices_or_users_are_unknown() {
        let mut devices_unread = user("devices-unread", Some(true), 0, json!([]));
        devices_unread["mfa_devices"] = json!(null);
        let inv = iam(json!([]), json!([devices_unread]), json!([]));
        assert_eq!(
            verdicts(&check("iam-user-mfa", &inv)),
            v(&[("devices-unread", Unknown)])
        );
        assert_eq!(
            verdicts(&check("iam-user-mfa", &unread())),
            v(&[("IAM users", Unknown)])
        );
    }
}
