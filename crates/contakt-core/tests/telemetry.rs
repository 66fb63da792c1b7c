//! The telemetry whitelist's closed choices are the core's own: every platform, phone region
//! and reminder preset the core knows, and nothing else.

use contakt_core::links::Platform;
use contakt_core::phone;
use contakt_core::schedule::Preset;

#[test]
fn the_whitelist_names_the_cores_platforms_regions_and_presets() {
    let platforms: Vec<&str> = Platform::ALL.iter().map(|p| p.id()).collect();
    assert_eq!(platforms, contakt_telemetry::PLATFORMS);
    let regions: Vec<String> = phone::regions().into_iter().map(|(r, _)| r).collect();
    assert_eq!(regions, contakt_telemetry::REGIONS);
    let presets: Vec<String> = Preset::ALL.iter().map(|p| serde_json::to_value(p).unwrap().as_str().unwrap().to_string()).collect();
    assert_eq!(presets, contakt_telemetry::REMINDER_PRESETS);
}
