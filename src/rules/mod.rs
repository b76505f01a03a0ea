//! The rule catalogue, one module per area. Each rule's declaration (code, name,
//! severity, docs) lives next to its implementation.

pub mod aliases;
pub mod audit;
pub mod auth;
pub mod cross;
pub mod identity;
pub mod input;
pub mod kubelet;
pub mod network;
pub mod plan;
pub mod posture;
pub mod sans;
pub mod similarity;
pub mod structure;
pub mod suppression;
pub mod terraform;
