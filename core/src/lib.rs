//! # Zhengwu (政务)
//!
//! Measures how well a government social-media account serves the public, from its posts and
//! the comments around them: **account health** (alive? a zombie, and of which kind?),
//! **post quality** (useful to daily life? plain language or 官腔? original or copied?) and
//! **interaction** (who asked what, who got an answer, how fast, what happened in a crisis).
//!
//! Every analysis is a function of plain serde values ([`model`]) and returns its evidence with
//! its numbers. Input comes through streaming [`read`]ers that account for every record.

pub mod error;
pub mod health;
pub mod interaction;
pub mod model;
pub mod quality;
pub mod read;
pub mod sample;
pub mod summary;
pub mod testdata;
pub mod text;
pub mod time;

pub use error::{Error, ErrorKind, Location, Result};
pub use model::{
    Account, AdminLevel, Comment, Dataset, MediaKind, Mention, Post, Record, RepostOf, Timestamp,
};
