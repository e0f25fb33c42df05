//! posture: a read-only auditor of a live AWS account against the
//! Startup-Ready / Enterprise-Grade hardening guide.

pub mod catalog;
pub mod checks;
pub mod cli;
pub mod collect;
pub mod commands;
pub mod config;
pub mod error;
pub mod event_pattern;
pub mod evidence;
pub mod exit;
pub mod finding;
pub mod history;
pub mod inventory;
pub mod net;
pub mod placeholder;
pub mod plan;
pub mod policy;
pub mod progress;
pub mod report;
pub mod score;
pub mod suppress;
pub mod terraform;
pub mod tls;
