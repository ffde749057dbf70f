//! Geo.

use cureds_core::AsyncCommands;
use resp_core::commands::geo::{
    GeoAddOptions, GeoFrom, GeoMatch, GeoSearchOptions, GeoShape, GeoUnit,
};

pub(crate) async fn check<C: AsyncCommands + Sync>(c: &C, p: &str) {
    let k = |s: &str| format!("{p}{s}");
    let g = k("g");
    let added = c
        .geoadd(
            &g,
            &[
                (13.361389, 38.115556, "Palermo"),
                (15.087269, 37.502669, "Catania"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(added, 2);
    assert_eq!(
        c.geoadd_options(&g, &[(0.0, 0.0, "Palermo")], GeoAddOptions::new().nx())
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        c.geoadd_options(&g, &[(12.5, 41.9, "Rome")], GeoAddOptions::new().xx().ch())
            .await
            .unwrap(),
        0
    );
    let d = c
        .geodist(&g, "Palermo", "Catania", GeoUnit::Kilometers)
        .await
        .unwrap()
        .unwrap();
    assert!((d - 166.2742).abs() < 0.01, "{d}");
    assert_eq!(
        c.geodist(&g, "Palermo", "Nowhere", GeoUnit::Meters)
            .await
            .unwrap(),
        None
    );
    let pos = c.geopos(&g, &["Palermo", "Nowhere"]).await.unwrap();
    let (lon, lat) = pos[0].unwrap();
    assert!((lon - 13.361389).abs() < 1e-5 && (lat - 38.115556).abs() < 1e-5);
    assert_eq!(pos[1], None);
    assert_eq!(
        c.geohash(&g, &["Palermo"]).await.unwrap(),
        [Some("sqc8b49rny0".to_owned())]
    );

    let near: Vec<String> = c
        .geosearch(
            &g,
            GeoFrom::LonLat(15.0, 37.0),
            GeoShape::Radius(200.0, GeoUnit::Kilometers),
            GeoSearchOptions::new().asc(),
        )
        .await
        .unwrap();
    assert_eq!(near, ["Catania", "Palermo"]);
    let matches: Vec<GeoMatch> = c
        .geosearch(
            &g,
            GeoFrom::member("Palermo"),
            GeoShape::Box(400.0, 400.0, GeoUnit::Kilometers),
            GeoSearchOptions::new()
                .asc()
                .count(1)
                .with_dist()
                .with_coord()
                .with_hash(),
        )
        .await
        .unwrap();
    assert_eq!(matches.len(), 1);
    assert_eq!(matches[0].member, "Palermo");
    assert_eq!(matches[0].distance, Some(0.0));
    assert!(matches[0].hash.is_some() && matches[0].coordinates.is_some());
    let stored = c
        .geosearchstore(
            k("dst"),
            &g,
            GeoFrom::LonLat(15.0, 37.0),
            GeoShape::Radius(100.0, GeoUnit::Kilometers),
            GeoSearchOptions::new(),
            false,
        )
        .await
        .unwrap();
    assert_eq!(stored, 1);
    assert_eq!(
        c.zrange::<Vec<String>>(k("dst"), 0, -1).await.unwrap(),
        ["Catania"]
    );
}
