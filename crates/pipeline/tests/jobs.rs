//! The jobs as a library caller sees them: plain data back, the image and
//! its configuration on a cache hit as well as on a walk, warnings through
//! the observer.

#![allow(missing_docs, clippy::unwrap_used)]

use std::sync::Mutex;

use bosun_pipeline::{
    CatalogSettings, InspectSettings, Observer, Quiet, Target, Warning, catalog_image, inspect,
};

#[derive(Default)]
struct Recorder {
    walks: Mutex<usize>,
    warnings: Mutex<Vec<Warning>>,
}

impl bosun_layers::Progress for Recorder {}

impl Observer for Recorder {
    fn walk_done(&self) {
        *self.walks.lock().unwrap() += 1;
    }
    fn warning(&self, w: &Warning) {
        self.warnings.lock().unwrap().push(w.clone());
    }
}

#[test]
fn catalog_keeps_image_and_config_on_a_cache_hit() {
    let tmp = tempfile::tempdir().unwrap();
    let built = bosun_testkit::example::example_image(&tmp.path().join("img"));
    let reference = format!("oci:{}:latest", tmp.path().join("img").display());
    let settings = CatalogSettings {
        cache_dir: Some(tmp.path().join("cache")),
        ..CatalogSettings::default()
    };
    let rec = Recorder::default();
    let first = catalog_image(&reference, &settings, &rec).unwrap();
    assert!(!first.from_cache);
    assert_eq!(*rec.walks.lock().unwrap(), 1);
    assert!(rec.warnings.lock().unwrap().is_empty());
    let names: Vec<&str> = first
        .sbom
        .packages
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert!(
        names.contains(&"zlib1g") && names.contains(&"requests"),
        "{names:?}"
    );

    let second = catalog_image(&reference, &settings, &rec).unwrap();
    assert!(second.from_cache);
    assert_eq!(*rec.walks.lock().unwrap(), 1, "a cache hit walks nothing");
    assert_eq!(second.sbom, first.sbom);
    assert_eq!(
        second.image.config_digest.as_ref().map(ToString::to_string),
        Some(built.config_digest.clone())
    );
    assert_eq!(
        serde_json::to_value(&second.config).unwrap(),
        serde_json::to_value(&first.config).unwrap()
    );

    let inspected = inspect(&reference, &InspectSettings::default(), &Quiet).unwrap();
    assert_eq!(inspected.config_digest, Some(built.config_digest));
    assert_eq!(
        serde_json::to_value(&inspected.config).unwrap(),
        serde_json::to_value(&first.config).unwrap()
    );
}

#[test]
fn sbom_targets_are_read_not_cataloged() {
    assert_eq!(
        Target::parse("sbom:app.cdx.json"),
        Target::Sbom("app.cdx.json".into())
    );
    assert_eq!(
        Target::parse("dir:./rootfs"),
        Target::Image("dir:./rootfs".into())
    );
    let err =
        bosun_pipeline::read_sbom(std::path::Path::new("/nonexistent/sbom.json")).unwrap_err();
    assert!(err.to_string().contains("/nonexistent/sbom.json"), "{err}");
}
