//! Load balancers with their attributes, listeners (with the rules of HTTP
//! listeners and every certificate of HTTPS/TLS ones), target groups and web
//! ACL; the ACM certificates their listeners use.

use std::collections::{BTreeMap, BTreeSet};

use aws_config::SdkConfig;

use super::{Scope, time};
use crate::inventory::{
    Certificate, ElbProtocol, Listener, ListenerAction, ListenerActionKind, ListenerRule,
    LoadBalancer, LoadBalancerKind, RuleCondition, TargetGroup, WebAcl,
};

pub async fn collect(
    scope: &Scope,
    config: &SdkConfig,
) -> (Option<Vec<LoadBalancer>>, Option<Vec<Certificate>>) {
    let client = crate::metered!(aws_sdk_elasticloadbalancingv2, scope.meter(), config);
    let waf = crate::metered!(aws_sdk_wafv2, scope.meter(), config);
    let Some(pages) = scope
        .pages(
            "DescribeLoadBalancers",
            None,
            client
                .describe_load_balancers()
                .into_paginator()
                .send()
                .try_collect(),
        )
        .await
    else {
        return (None, None);
    };
    let listed: Vec<_> = pages.iter().flat_map(|p| p.load_balancers()).collect();
    // The region's target groups are listed while the load balancers are
    // described: neither waits for the other.
    let target_groups = async {
        if listed.is_empty() {
            Some(BTreeMap::new())
        } else {
            target_groups(scope, &client).await
        }
    };
    let lbs = listed.iter().map(|lb| {
        let arn = lb.load_balancer_arn().unwrap_or_default().to_string();
        let kind = lb
            .r#type()
            .map_or(LoadBalancerKind::Application, |t| t.as_str().into());
        let base = LoadBalancer {
            name: lb.load_balancer_name().unwrap_or_default().to_string(),
            internet_facing: lb.scheme().is_some_and(|s| s.as_str() == "internet-facing"),
            vpc_id: lb.vpc_id().map(str::to_string),
            security_groups: lb.security_groups().to_vec(),
            attributes: None,
            listeners: None,
            web_acl: None,
            target_groups: None,
            arn,
            kind,
        };
        describe_one(scope, &client, &waf, base)
    });
    let (target_groups, mut lbs) = tokio::join!(target_groups, scope.each(lbs));
    for lb in &mut lbs {
        lb.target_groups = target_groups
            .as_ref()
            .map(|by_lb| by_lb.get(&lb.arn).cloned().unwrap_or_default());
    }
    let certificates = certificates(&scope.with_service("acm"), config, &lbs).await;
    (Some(lbs), certificates)
}

async fn describe_one(
    scope: &Scope,
    client: &aws_sdk_elasticloadbalancingv2::Client,
    waf: &aws_sdk_wafv2::Client,
    mut lb: LoadBalancer,
) -> LoadBalancer {
    let arn = lb.arn.clone();
    let attributes = scope.call(
        "DescribeLoadBalancerAttributes",
        Some(&arn),
        client
            .describe_load_balancer_attributes()
            .load_balancer_arn(&arn)
            .send(),
    );
    let listeners = async {
        let pages = scope
            .pages(
                "DescribeListeners",
                Some(&arn),
                client
                    .describe_listeners()
                    .load_balancer_arn(&arn)
                    .into_paginator()
                    .send()
                    .try_collect(),
            )
            .await?;
        let listeners = pages
            .iter()
            .flat_map(|p| p.listeners())
            .map(|l| listener_details(scope, client, listener(l)));
        Some(scope.each(listeners).await)
    };
    let waf_scope = scope.with_service("wafv2");
    let web_acl = async {
        if !lb.is_application() {
            return Some(WebAcl { arn: None });
        }
        waf_scope
            .call(
                "GetWebACLForResource",
                Some(&arn),
                waf.get_web_acl_for_resource().resource_arn(&arn).send(),
            )
            .await
            .map(|out| WebAcl {
                arn: out.web_acl().map(|acl| acl.arn().to_string()),
            })
    };
    let (attributes, listeners, web_acl) = tokio::join!(attributes, listeners, web_acl);

    lb.attributes = attributes.map(|out| {
        out.attributes()
            .iter()
            .filter_map(|a| {
                Some((
                    a.key()?.to_string(),
                    a.value().unwrap_or_default().to_string(),
                ))
            })
            .collect::<BTreeMap<_, _>>()
    });
    lb.listeners = listeners;
    lb.web_acl = web_acl;
    lb
}

/// Every target group of the region in one paginated call, by the load
/// balancers that route to it (a group may serve several); `None` when the
/// listing failed, so that no load balancer's groups pass for unread.
async fn target_groups(
    scope: &Scope,
    client: &aws_sdk_elasticloadbalancingv2::Client,
) -> Option<BTreeMap<String, Vec<TargetGroup>>> {
    let pages = scope
        .pages(
            "DescribeTargetGroups",
            None,
            client
                .describe_target_groups()
                .into_paginator()
                .send()
                .try_collect(),
        )
        .await?;
    let mut by_lb: BTreeMap<String, Vec<TargetGroup>> = BTreeMap::new();
    for tg in pages.iter().flat_map(|p| p.target_groups()) {
        let group = TargetGroup {
            arn: tg.target_group_arn().unwrap_or_default().to_string(),
            name: tg.target_group_name().unwrap_or_default().to_string(),
            port: tg.port(),
            protocol: tg.protocol().map(|p| p.as_str().into()),
            target_type: tg.target_type().map(|t| t.as_str().to_string()),
        };
        for lb in tg.load_balancer_arns() {
            by_lb.entry(lb.clone()).or_default().push(group.clone());
        }
    }
    Some(by_lb)
}

/// What DescribeListeners leaves out and a check needs: the rules of an HTTP
/// listener (alb-https-only), every certificate of an HTTPS or TLS listener
/// (alb-acm-certificate; DescribeListeners lists only the default one). One
/// paginated call a listener; other listeners need neither.
async fn listener_details(
    scope: &Scope,
    client: &aws_sdk_elasticloadbalancingv2::Client,
    mut l: Listener,
) -> Listener {
    if l.protocol == ElbProtocol::Http {
        l.rules = scope
            .pages(
                "DescribeRules",
                Some(&l.arn),
                client
                    .describe_rules()
                    .listener_arn(&l.arn)
                    .into_paginator()
                    .send()
                    .try_collect(),
            )
            .await
            .map(|pages| {
                pages
                    .iter()
                    .flat_map(|p| p.rules())
                    .map(|r| ListenerRule {
                        arn: r.rule_arn().unwrap_or_default().to_string(),
                        priority: r.priority().unwrap_or_default().to_string(),
                        is_default: r.is_default().unwrap_or(false),
                        conditions: r.conditions().iter().map(condition).collect(),
                        actions: r.actions().iter().map(action).collect(),
                    })
                    .collect()
            });
    } else if l.is_tls() {
        l.certificate_list = scope
            .pages(
                "DescribeListenerCertificates",
                Some(&l.arn),
                client
                    .describe_listener_certificates()
                    .listener_arn(&l.arn)
                    .into_paginator()
                    .send()
                    .try_collect(),
            )
            .await
            .map(|pages| {
                let mut arns: Vec<String> = Vec::new();
                for arn in pages
                    .iter()
                    .flat_map(|p| p.certificates())
                    .filter_map(|c| c.certificate_arn())
                {
                    if !arns.iter().any(|a| a == arn) {
                        arns.push(arn.to_string());
                    }
                }
                arns
            });
    }
    l
}

/// A rule's condition, its values wherever AWS put them: the legacy `Values`
/// (host-header, path-pattern) or the field's own configuration.
fn condition(c: &aws_sdk_elasticloadbalancingv2::types::RuleCondition) -> RuleCondition {
    let mut values: Vec<String> = c.values().to_vec();
    let mut regex: Vec<&str> = c.regex_values().iter().map(String::as_str).collect();
    let mut header_name = None;
    if let Some(host) = c.host_header_config() {
        values.extend(host.values().iter().cloned());
        regex.extend(host.regex_values().iter().map(String::as_str));
    }
    if let Some(path) = c.path_pattern_config() {
        values.extend(path.values().iter().cloned());
        regex.extend(path.regex_values().iter().map(String::as_str));
    }
    if let Some(header) = c.http_header_config() {
        header_name = header.http_header_name().map(str::to_string);
        values.extend(header.values().iter().cloned());
        regex.extend(header.regex_values().iter().map(String::as_str));
    }
    if let Some(query) = c.query_string_config() {
        values.extend(query.values().iter().map(|kv| match kv.key() {
            Some(key) => format!("{key}={}", kv.value().unwrap_or_default()),
            None => kv.value().unwrap_or_default().to_string(),
        }));
    }
    if let Some(method) = c.http_request_method_config() {
        values.extend(method.values().iter().cloned());
    }
    if let Some(source) = c.source_ip_config() {
        values.extend(source.values().iter().cloned());
    }
    values.extend(regex.into_iter().map(|r| format!("regex:{r}")));
    let mut unique: Vec<String> = Vec::new();
    for value in values {
        if !unique.contains(&value) {
            unique.push(value);
        }
    }
    RuleCondition {
        field: c.field().unwrap_or_default().to_string(),
        header_name,
        values: unique,
    }
}

fn listener(l: &aws_sdk_elasticloadbalancingv2::types::Listener) -> Listener {
    Listener {
        arn: l.listener_arn().unwrap_or_default().to_string(),
        port: l.port(),
        protocol: ElbProtocol::from(l.protocol().map(|p| p.as_str()).unwrap_or_default()),
        ssl_policy: l.ssl_policy().filter(|p| !p.is_empty()).map(str::to_string),
        certificates: l
            .certificates()
            .iter()
            .filter_map(|c| c.certificate_arn())
            .map(str::to_string)
            .collect(),
        default_actions: l.default_actions().iter().map(action).collect(),
        certificate_list: None,
        rules: None,
    }
}

fn action(a: &aws_sdk_elasticloadbalancingv2::types::Action) -> ListenerAction {
    let mut target_groups: Vec<String> = a
        .target_group_arn()
        .map(str::to_string)
        .into_iter()
        .collect();
    if let Some(forward) = a.forward_config() {
        for tg in forward.target_groups() {
            if let Some(arn) = tg.target_group_arn()
                && !target_groups.iter().any(|t| t == arn)
            {
                target_groups.push(arn.to_string());
            }
        }
    }
    ListenerAction {
        kind: ListenerActionKind::from(a.r#type().map(|t| t.as_str()).unwrap_or_default()),
        redirect_protocol: a
            .redirect_config()
            .and_then(|r| r.protocol())
            .map(ElbProtocol::from),
        redirect_port: a
            .redirect_config()
            .and_then(|r| r.port())
            .map(str::to_string),
        target_groups,
    }
}

/// DescribeCertificate for every ACM certificate a listener uses. Certificates
/// that are not ACM's (IAM server certificates) are listed undescribed.
async fn certificates(
    scope: &Scope,
    config: &SdkConfig,
    lbs: &[LoadBalancer],
) -> Option<Vec<Certificate>> {
    let arns: BTreeSet<&str> = lbs
        .iter()
        .flat_map(|lb| lb.listeners.iter().flatten())
        .flat_map(|l| {
            l.certificates
                .iter()
                .chain(l.certificate_list.iter().flatten())
        })
        .map(String::as_str)
        .collect();
    if arns.is_empty() {
        return Some(Vec::new());
    }
    let client = crate::metered!(aws_sdk_acm, scope.meter(), config);
    let described = arns.into_iter().map(|arn| {
        let client = &client;
        async move {
            let mut cert = Certificate {
                arn: arn.to_string(),
                domain: None,
                status: None,
                kind: None,
                renewal_eligibility: None,
                not_after: None,
                described: false,
            };
            if !arn.contains(":acm:") {
                return cert;
            }
            let detail = scope
                .call(
                    "DescribeCertificate",
                    Some(arn),
                    client.describe_certificate().certificate_arn(arn).send(),
                )
                .await;
            if let Some(detail) = detail.as_ref().and_then(|d| d.certificate()) {
                cert.described = true;
                cert.domain = detail.domain_name().map(str::to_string);
                cert.status = detail.status().map(|s| s.as_str().into());
                cert.kind = detail.r#type().map(|t| t.as_str().into());
                cert.renewal_eligibility = detail.renewal_eligibility().map(|r| r.as_str().into());
                cert.not_after = time(detail.not_after());
            }
            cert
        }
    });
    Some(scope.each(described).await)
}
