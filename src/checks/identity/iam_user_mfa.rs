//! `iam-user-mfa`: Every IAM user with a console password has an MFA device.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<Users>(inv, |out, at, user| {
        let account = at.account;
        match (user.console_password, &user.mfa_devices) {
            (Some(false), _) => {} // no console access: nothing to protect with MFA here
            (None, _) | (Some(true), None) => out
                .on(Global { account }, &user.arn, &user.name)
                .unknown(format!(
                    "Console access or MFA devices of {} could not be read.",
                    user.name
                )),
            (Some(true), Some(devices)) => out
                .on(Global { account }, &user.arn, &user.name)
                .evidence("console_password", true)
                .evidence("mfa_devices", devices.len())
                .verdict(
                    !devices.is_empty(),
                    format!("{} signs in to the console with MFA.", user.name),
                    format!("{} has a console password and no MFA device.", user.name),
                ),
        }
    });
}
