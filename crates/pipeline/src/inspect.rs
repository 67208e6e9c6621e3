//! The `bosun inspect` job: an image's identity, configuration and layers
//! with the build step that made each (`bosun.inspect/v1`).

use bosun_layers::{Inspection, Limits, WalkOptions};

use crate::error::Error;
use crate::observe::Observer;
use crate::open::{OpenSettings, open_image};

/// What inspecting needs besides the reference.
#[derive(Debug, Clone, Default)]
pub struct InspectSettings {
    /// How to open the image.
    pub open: OpenSettings,
    /// Limits of the layer walk.
    pub limits: Limits,
}

/// Opens and walks `reference` and describes it.
pub fn inspect(
    reference: &str,
    settings: &InspectSettings,
    observer: &dyn Observer,
) -> Result<Inspection, Error> {
    let image = open_image(reference, &settings.open, observer)?;
    let opts = WalkOptions {
        limits: settings.limits,
        ..WalkOptions::default()
    };
    let walk = bosun_layers::walk(&image, &[], &opts, observer);
    observer.walk_done();
    Ok(bosun_layers::inspection(&image, &walk?))
}
