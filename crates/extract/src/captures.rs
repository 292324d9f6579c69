//! Regex captures without an allocation per match.

use regex::{CaptureLocations, Regex};

/// `re.captures_iter(text)` with one set of capture slots for every match (the
/// iterator allocates new ones per match). The patterns it serves never match the
/// empty string, so each search resumes where the last match ended.
pub fn each_capture(re: &Regex, text: &str, mut each: impl FnMut(&CaptureLocations)) {
    let mut locs = re.capture_locations();
    let mut at = 0;
    while let Some(m) = re.captures_read_at(&mut locs, text, at) {
        each(&locs);
        if m.end() == m.start() {
            break;
        }
        at = m.end();
    }
}
