//! Project boxes (专栏) and an annual report's named works (民生实事).
//!
//! Every item of every box is a [`Project`] of the box's group, whatever the box
//! lists (projects, platforms, areas, towns): `group` is the box title as written,
//! `name` the item, `description` what the box says about it. See [`boxes`] for
//! how boxes are found and where they end, [`lists`] for lists of names and
//! collective lines, [`tables`] for boxes that are tables, [`stars`] for ★ works, [`works`] for
//! numbered lists of works.

pub mod boxes;
pub mod lists;
pub mod stars;
pub mod tables;
pub mod text;
pub mod works;

use crate::model::{Heading, Project};
use crate::Document;

use boxes::BoxItem;

pub fn extract(doc: &Document, outline: &[Heading]) -> Vec<Project> {
    let mut projects = Vec::new();
    for found in boxes::read_boxes(doc) {
        projects.extend(found.items.into_iter().map(|item| project(Some(found.group.clone()), item, outline)));
    }
    for list in stars::read_star_lists(doc) {
        projects.extend(list.items.into_iter().map(|item| project(list.group.clone(), item, outline)));
    }
    for list in works::read_work_lists(doc) {
        projects.extend(list.items.into_iter().map(|item| project(list.group.clone(), item, outline)));
    }
    projects.sort_by_key(|p| p.line);
    projects
}

fn project(group: Option<String>, item: BoxItem, outline: &[Heading]) -> Project {
    let investment =
        item.investment.clone().or_else(|| item.description.as_deref().and_then(text::investment)).or_else(|| text::investment(&item.name));
    Project {
        group,
        heading: heading_index(outline, item.line),
        name: item.name,
        description: item.description,
        investment,
        line: item.line,
    }
}

/// Index into `outline` of the last heading at or before `line` (the outline is in
/// document order).
fn heading_index(outline: &[Heading], line: usize) -> Option<usize> {
    outline.partition_point(|h| h.line <= line).checked_sub(1)
}

#[cfg(test)]
mod tests;
