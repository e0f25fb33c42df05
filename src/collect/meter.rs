//! Every AWS call an audit makes, by service and operation: an interceptor
//! on each SDK client counts operations (one per page) and attempts (retries
//! included), so `stats` says where the calls went and how many were retried.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

use crate::inventory::OperationCalls;

#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    calls: u64,
    attempts: u64,
}

/// Shared by every client of an audit; clones count into the same table.
#[derive(Debug, Clone, Default)]
pub struct Meter(Arc<Mutex<BTreeMap<(String, String), Tally>>>);

impl Meter {
    fn count(&self, cfg: &ConfigBag, add: impl FnOnce(&mut Tally)) {
        let (service, operation) = match cfg.load::<Metadata>() {
            Some(m) => (m.service().to_string(), m.name().to_string()),
            None => ("unknown".to_string(), "unknown".to_string()),
        };
        let mut table = self.0.lock().unwrap_or_else(|e| e.into_inner());
        add(table.entry((service, operation)).or_default());
    }

    /// Operations started, every page included.
    pub fn calls(&self) -> u64 {
        let table = self.0.lock().unwrap_or_else(|e| e.into_inner());
        table.values().map(|t| t.calls).sum()
    }

    /// The table, by service then operation.
    pub fn tallies(&self) -> Vec<OperationCalls> {
        let table = self.0.lock().unwrap_or_else(|e| e.into_inner());
        table
            .iter()
            .map(|((service, operation), t)| OperationCalls {
                service: service.clone(),
                operation: operation.clone(),
                calls: t.calls,
                attempts: t.attempts,
            })
            .collect()
    }
}

impl Intercept for Meter {
    fn name(&self) -> &'static str {
        "posture-meter"
    }

    // Once per operation, once its configuration (and so its name) is resolved.
    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.count(cfg, |t| t.calls += 1);
        Ok(())
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.count(cfg, |t| t.attempts += 1);
        Ok(())
    }
}

/// A client of SDK crate `$sdk` for `$config` (an `SdkConfig`), counted by `$meter`.
#[macro_export]
macro_rules! metered {
    ($sdk:ident, $meter:expr, $config:expr) => {
        $sdk::Client::from_conf(
            $sdk::config::Builder::from($config)
                .interceptor($meter)
                .build(),
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_types::config_bag::Layer;

    fn bag(operation: &'static str, service: &'static str) -> ConfigBag {
        let mut layer = Layer::new("test");
        layer.store_put(Metadata::new(operation, service));
        ConfigBag::of_layers(vec![layer])
    }

    #[test]
    fn operations_and_attempts_are_counted_apart() {
        let meter = Meter::default();
        let vpcs = bag("DescribeVpcs", "ec2");
        let users = bag("ListUsers", "iam");
        let shared = meter.clone();
        shared.count(&vpcs, |t| t.calls += 1);
        for _ in 0..3 {
            meter.count(&vpcs, |t| t.attempts += 1);
        }
        meter.count(&users, |t| t.calls += 1);
        meter.count(&users, |t| t.attempts += 1);
        meter.count(&ConfigBag::base(), |t| t.calls += 1);
        assert_eq!(meter.calls(), 3);
        let tallies = meter.tallies();
        let of = |service: &str| tallies.iter().find(|t| t.service == service).unwrap();
        assert_eq!((of("ec2").calls, of("ec2").attempts), (1, 3));
        assert_eq!(of("ec2").operation, "DescribeVpcs");
        assert_eq!((of("iam").calls, of("iam").attempts), (1, 1));
        assert_eq!(of("unknown").operation, "unknown");
    }
}
