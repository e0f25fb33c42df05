//! The accounts of an organization (`--org-role`): Organizations ListAccounts
//! from the management or delegated administrator account.

use aws_config::{Region, SdkConfig};
use aws_sdk_organizations::types::{Account, AccountState, AccountStatus};

use super::Scope;
use super::session::{self, RoleTarget};

/// Organizations' endpoint: one per partition, in that partition's home region.
fn endpoint_region(partition: &str) -> &'static str {
    match partition {
        "aws-us-gov" => "us-gov-west-1",
        "aws-cn" => "cn-northwest-1",
        _ => "us-east-1",
    }
}

/// Whether an account of the listing can be audited: `State` ACTIVE, or,
/// where the answer carries only the older `Status`, ACTIVE. Suspended,
/// closed and pending accounts cannot be signed in to.
fn active(account: &Account) -> bool {
    match account.state() {
        Some(state) => *state == AccountState::Active,
        None => account.status() == Some(&AccountStatus::Active),
    }
}

/// The role `role_name` in each active account of the organization, or
/// `None` (and a gap) when the accounts cannot be listed: the audit then
/// covers the caller's account and the `--role-arn` ones only.
pub async fn members(
    scope: &Scope,
    config: &SdkConfig,
    role_name: &str,
) -> Option<Vec<RoleTarget>> {
    let config = config
        .to_builder()
        .region(Region::from_static(endpoint_region(&scope.partition)))
        .build();
    let client = crate::metered!(aws_sdk_organizations, scope.meter(), &config);
    let pages = scope
        .pages(
            "ListAccounts",
            None,
            client.list_accounts().into_paginator().send().try_collect(),
        )
        .await?;
    Some(
        pages
            .iter()
            .flat_map(|p| p.accounts())
            .filter(|a| active(a))
            .filter_map(|a| a.id())
            .map(|id| RoleTarget {
                arn: session::role_arn(&scope.partition, id, role_name),
                account: id.to_string(),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(state: Option<AccountState>, status: Option<AccountStatus>) -> Account {
        let mut a = Account::builder().id("111111111111");
        if let Some(state) = state {
            a = a.state(state);
        }
        if let Some(status) = status {
            a = a.status(status);
        }
        a.build()
    }

    #[test]
    fn only_active_accounts_are_audited() {
        assert!(active(&account(Some(AccountState::Active), None)));
        assert!(active(&account(None, Some(AccountStatus::Active))));
        // The newer State decides when both are given.
        assert!(!active(&account(
            Some(AccountState::Suspended),
            Some(AccountStatus::Active)
        )));
        for state in [
            AccountState::Closed,
            AccountState::PendingActivation,
            AccountState::PendingClosure,
            AccountState::Suspended,
        ] {
            assert!(!active(&account(Some(state.clone()), None)), "{state:?}");
        }
        assert!(!active(&account(None, Some(AccountStatus::Suspended))));
        assert!(!active(&account(None, None)));
    }

    #[test]
    fn organizations_answers_in_each_partitions_home() {
        assert_eq!(endpoint_region("aws"), "us-east-1");
        assert_eq!(endpoint_region("aws-us-gov"), "us-gov-west-1");
        assert_eq!(endpoint_region("aws-cn"), "cn-northwest-1");
    }
}
