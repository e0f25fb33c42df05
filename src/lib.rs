//! posture: a read-only auditor of a live AWS account against the
//! Startup-Ready / Enterprise-Grade hardening guide.

pub mod catalog;
pub mod checks;
pub mod cli;
pub mod collect;
pub mod commands;
pub mod compliance;
pub mod config;
pub mod error;
pub mod inventory;
pub mod model;
pub mod net;
pub mod placeholder;
pub mod policy;
pub mod report;
pub mod score;
pub mod settings;
pub mod suppress;
pub mod tls;
