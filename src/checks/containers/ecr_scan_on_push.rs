//! `ecr-scan-on-push`: Every ECR repository scans images for vulnerabilities on push.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<EcrRepositories>(inv, |out, at, repo| {
        let region = at.region;
        let finding = out
            .on(at, &repo.arn, &repo.name)
            .evidence("scan_on_push", repo.scan_on_push);
        if repo.scan_on_push {
            return finding.pass(format!("Repository {} scans images on push.", repo.name));
        }
        let Some(registry) = &region.ecr_registry_scanning else {
            return finding.unknown(format!(
                "Repository {} does not scan on push and the registry's scanning rules could not be read.",
                repo.name
            ));
        };
        let rule = registry.rules.iter().find(|r| {
            matches!(r.frequency.as_str(), "SCAN_ON_PUSH" | "CONTINUOUS_SCAN")
                && r.filters.iter().any(|f| filter_matches(f, &repo.name))
        });
        let finding = finding.evidence("registry_scan_type", &registry.scan_type);
        match rule {
            Some(r) => finding
                .evidence(
                    "registry_rule",
                    format!("{} {}", r.frequency, r.filters.join(",")),
                )
                .pass(format!(
                    "Registry {} scanning covers repository {}.",
                    registry.scan_type, repo.name
                )),
            None => finding.fail(format!(
                "Images pushed to {} are never scanned for vulnerabilities.",
                repo.name
            )),
        }
    });
}
