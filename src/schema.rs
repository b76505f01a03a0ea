//! The embedded request JSON Schema and the structure pass (CKS101–CKS106).

use crate::lint::Ctx;
use crate::source::Node;

/// The create-cluster request schema (draft 2020-12), as shipped.
pub static REQUEST_SCHEMA: &str = include_str!("../schema/request.schema.json");

/// Run the structure rules on one request mapping.
pub fn check(ctx: &mut Ctx, root: &Node) {
    let _ = (ctx, root);
}
