//! EventBridge: the rules of the region's default event bus, and the
//! targets of those that may route GuardDuty's high and critical findings.

use aws_config::SdkConfig;

use super::Scope;
use crate::event_pattern::{self, Bus, Verdict};
use crate::inventory::{EventRule, RuleState};

/// At most this many pages of one listing: an endpoint that keeps handing
/// out tokens ends as a gap, not a loop.
const MAX_PAGES: usize = 1_000;

/// ListRules on the default bus (every page), then ListTargetsByRule for
/// each enabled rule whose pattern matches, or may match, every high and
/// critical GuardDuty finding: no other rule can route them, so no other
/// rule's targets are read.
pub async fn rules(scope: &Scope, config: &SdkConfig) -> Option<Vec<EventRule>> {
    let client = crate::metered!(aws_sdk_eventbridge, scope.meter(), config);
    let mut rules = Vec::new();
    let mut token: Option<String> = None;
    for page in 0.. {
        if page == MAX_PAGES {
            scope.gap(
                "ListRules",
                None,
                format!("more than {MAX_PAGES} pages: the listing did not end"),
            );
            return None;
        }
        let out = scope
            .call(
                "ListRules",
                None,
                client.list_rules().set_next_token(token.take()).send(),
            )
            .await?;
        rules.extend(out.rules().iter().map(|r| {
            EventRule {
                arn: r.arn().unwrap_or_default().to_string(),
                name: r.name().unwrap_or_default().to_string(),
                state: r
                    .state()
                    .map_or(RuleState::Other(String::new()), |s| s.as_str().into()),
                event_pattern: r
                    .event_pattern()
                    .filter(|p| !p.is_empty())
                    .map(str::to_string),
                targets: None,
            }
        }));
        token = out
            .next_token()
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    let bus = Bus {
        account: &scope.account,
        region: &scope.region,
    };
    let targets = rules.iter().map(|rule| {
        let client = &client;
        async move {
            if !may_route(rule, bus) {
                return None;
            }
            targets(scope, client, &rule.name).await
        }
    });
    let targets = scope.each(targets).await;
    for (rule, targets) in rules.iter_mut().zip(targets) {
        rule.targets = targets;
    }
    Some(rules)
}

/// An enabled rule whose pattern is not known to miss those findings.
pub fn may_route(rule: &EventRule, bus: Bus<'_>) -> bool {
    rule.state.enabled()
        && rule.event_pattern.as_deref().is_some_and(|p| {
            !matches!(
                event_pattern::high_guardduty_findings(p, bus),
                Verdict::Misses { .. }
            )
        })
}

/// A rule's target ARNs, every page.
async fn targets(
    scope: &Scope,
    client: &aws_sdk_eventbridge::Client,
    rule: &str,
) -> Option<Vec<String>> {
    let mut arns = Vec::new();
    let mut token: Option<String> = None;
    for page in 0.. {
        if page == MAX_PAGES {
            scope.gap(
                "ListTargetsByRule",
                Some(rule),
                format!("more than {MAX_PAGES} pages: the listing did not end"),
            );
            return None;
        }
        let out = scope
            .call(
                "ListTargetsByRule",
                Some(rule),
                client
                    .list_targets_by_rule()
                    .rule(rule)
                    .set_next_token(token.take())
                    .send(),
            )
            .await?;
        arns.extend(out.targets().iter().map(|t| t.arn().to_string()));
        token = out
            .next_token()
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    Some(arns)
}
