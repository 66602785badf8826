//! The merge driver's unresolved conflicts, kept in the file (`conflicts`)
//! so that nothing either side wrote is lost until someone picks.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Kind;

/// What a conflict is about: an entity with a key, the product, or the
/// file's own top-level fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Story,
    Epic,
    Sprint,
    Request,
    /// The product's name, vision or other fields; the key is `product`.
    Product,
    /// An unknown top-level field of the file; the key is `backlog`.
    Backlog,
}

impl Entity {
    /// The name used in the file and in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Story => "story",
            Entity::Epic => "epic",
            Entity::Sprint => "sprint",
            Entity::Request => "request",
            Entity::Product => "product",
            Entity::Backlog => "backlog",
        }
    }

    /// The kind of key this entity has, if it has one.
    pub fn kind(self) -> Option<Kind> {
        match self {
            Entity::Story => Some(Kind::Story),
            Entity::Epic => Some(Kind::Epic),
            Entity::Sprint => Some(Kind::Sprint),
            Entity::Request => Some(Kind::Request),
            Entity::Product | Entity::Backlog => None,
        }
    }

    /// The entity of a kind of key.
    pub fn of(kind: Kind) -> Entity {
        match kind {
            Kind::Story => Entity::Story,
            Kind::Epic => Entity::Epic,
            Kind::Sprint => Entity::Sprint,
            Kind::Request => Entity::Request,
        }
    }
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One field both sides of a merge changed differently. The backlog holds
/// `ours`; `base` and `theirs` are kept so the choice can still be made.
/// A value is `null` where the field was missing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub entity: Entity,
    /// The entity's key (`S-12`), or `product` / `backlog`.
    pub key: String,
    /// The field as the file names it (`title`, `points`, `rice`).
    pub field: String,
    pub base: Value,
    pub ours: Value,
    pub theirs: Value,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: base {}, ours {}, theirs {}",
            self.key, self.field, self.base, self.ours, self.theirs
        )
    }
}
