//! `state-bucket-tls-only`: The Terraform state bucket policy denies requests without TLS.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<Buckets>(inv, |out, at, b| {
        if !is_state_bucket(b, out.settings) {
            return;
        }
        let account = at.account;
        let finding = out.on(
            In {
                account,
                region: region_of(b),
            },
            &b.arn(&account.partition),
            &b.name,
        );
        match b.policy.as_ref().map(|p| &p.document) {
            None => finding.unknown(format!("The policy of {} could not be read.", b.name)),
            Some(None) => finding.evidence("bucket_policy", "none").fail(format!(
                "State bucket {} has no policy denying plain-HTTP access.",
                b.name
            )),
            Some(Some(policy)) => {
                let ok = denies_insecure_transport(policy);
                finding.evidence("denies_insecure_transport", ok).verdict(
                    ok,
                    format!("State bucket {} refuses requests without TLS.", b.name),
                    format!(
                        "The policy of state bucket {} does not deny aws:SecureTransport=false.",
                        b.name
                    ),
                )
            }
        }
    });
}
