//! Geospatial commands: GEOADD, GEODIST, GEOPOS, GEOHASH, GEOSEARCH, GEOSEARCHSTORE.

use crate::{ArgWriter, Args, Cmd, Error, FromValue, ToArgs, TypeError, Value};

/// A distance unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeoUnit {
    /// `M`: metres.
    Meters,
    /// `KM`: kilometres.
    Kilometers,
    /// `MI`: miles.
    Miles,
    /// `FT`: feet.
    Feet,
}

impl ToArgs for GeoUnit {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        out.write_arg(match self {
            GeoUnit::Meters => b"M",
            GeoUnit::Kilometers => b"KM",
            GeoUnit::Miles => b"MI",
            GeoUnit::Feet => b"FT",
        })
    }
}

/// Options of `GEOADD`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GeoAddOptions {
    exists: Option<&'static str>,
    changed: bool,
}

impl GeoAddOptions {
    /// No options.
    pub fn new() -> Self {
        Self::default()
    }

    /// `NX`: only add new members.
    pub fn nx(mut self) -> Self {
        self.exists = Some("NX");
        self
    }

    /// `XX`: only update existing members.
    pub fn xx(mut self) -> Self {
        self.exists = Some("XX");
        self
    }

    /// `CH`: count changed members too.
    pub fn ch(mut self) -> Self {
        self.changed = true;
        self
    }
}

impl ToArgs for GeoAddOptions {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        self.exists.write_args(out);
        self.changed.then_some("CH").write_args(out);
    }
}

/// Where a `GEOSEARCH` is centred.
#[derive(Clone, Debug, PartialEq)]
pub enum GeoFrom {
    /// `FROMMEMBER member`: at a member of the set.
    Member(Args),
    /// `FROMLONLAT longitude latitude`
    LonLat(f64, f64),
}

impl GeoFrom {
    /// Centred at a member of the set.
    pub fn member(member: impl ToArgs) -> Self {
        GeoFrom::Member(Args::from_args(member))
    }
}

impl ToArgs for GeoFrom {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        match self {
            GeoFrom::Member(member) => {
                out.write_arg(b"FROMMEMBER");
                member.write_args(out);
            }
            GeoFrom::LonLat(lon, lat) => {
                out.write_arg(b"FROMLONLAT");
                out.write_f64(*lon);
                out.write_f64(*lat);
            }
        }
    }
}

/// The area of a `GEOSEARCH`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum GeoShape {
    /// `BYRADIUS radius unit`
    Radius(f64, GeoUnit),
    /// `BYBOX width height unit`
    Box(f64, f64, GeoUnit),
}

impl ToArgs for GeoShape {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        match *self {
            GeoShape::Radius(radius, unit) => {
                out.write_arg(b"BYRADIUS");
                out.write_f64(radius);
                unit.write_args(out);
            }
            GeoShape::Box(width, height, unit) => {
                out.write_arg(b"BYBOX");
                out.write_f64(width);
                out.write_f64(height);
                unit.write_args(out);
            }
        }
    }
}

/// Options of `GEOSEARCH`: order, count, and what to return with each member.
///
/// With any `WITH...` option each result is an array; read the reply as `Vec<GeoMatch>`,
/// which accepts both forms.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GeoSearchOptions {
    ascending: Option<bool>,
    count: Option<(u64, bool)>,
    with_coord: bool,
    with_dist: bool,
    with_hash: bool,
}

impl GeoSearchOptions {
    /// No options: unsorted, all matches, names only.
    pub fn new() -> Self {
        Self::default()
    }

    /// `ASC`: nearest first.
    pub fn asc(mut self) -> Self {
        self.ascending = Some(true);
        self
    }

    /// `DESC`: farthest first.
    pub fn desc(mut self) -> Self {
        self.ascending = Some(false);
        self
    }

    /// `COUNT n`: the `n` nearest matches.
    pub fn count(mut self, count: u64) -> Self {
        self.count = Some((count, false));
        self
    }

    /// `COUNT n ANY`: stop after `n` matches, not necessarily the nearest.
    pub fn count_any(mut self, count: u64) -> Self {
        self.count = Some((count, true));
        self
    }

    /// `WITHCOORD`
    pub fn with_coord(mut self) -> Self {
        self.with_coord = true;
        self
    }

    /// `WITHDIST` (in the shape's unit).
    pub fn with_dist(mut self) -> Self {
        self.with_dist = true;
        self
    }

    /// `WITHHASH`
    pub fn with_hash(mut self) -> Self {
        self.with_hash = true;
        self
    }
}

impl ToArgs for GeoSearchOptions {
    fn write_args(&self, out: &mut ArgWriter<'_>) {
        match self.ascending {
            Some(true) => out.write_arg(b"ASC"),
            Some(false) => out.write_arg(b"DESC"),
            None => {}
        }
        if let Some((count, any)) = self.count {
            out.write_arg(b"COUNT");
            out.write_int(count);
            if any {
                out.write_arg(b"ANY");
            }
        }
        // GEOSEARCHSTORE rejects these; geosearchstore does not write them.
        if self.with_coord {
            out.write_arg(b"WITHCOORD");
        }
        if self.with_dist {
            out.write_arg(b"WITHDIST");
        }
        if self.with_hash {
            out.write_arg(b"WITHHASH");
        }
    }
}

/// One `GEOSEARCH` result: the member and whatever the `WITH...` options asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct GeoMatch {
    /// The member.
    pub member: String,
    /// The distance from the centre (`WITHDIST`).
    pub distance: Option<f64>,
    /// The raw geohash (`WITHHASH`).
    pub hash: Option<i64>,
    /// (longitude, latitude) (`WITHCOORD`).
    pub coordinates: Option<(f64, f64)>,
}

impl FromValue for GeoMatch {
    /// Accepts a bare member name or `[member, dist?, hash?, [lon, lat]?]`. The three extras
    /// differ in type (a text or double, an integer, an array), which tells them apart
    /// whatever subset was requested.
    fn from_value(value: Value) -> Result<Self, Error> {
        let items = match crate::convert::prepare(value)? {
            Value::Array(items) => items,
            other => vec![other],
        };
        let mut items = items.into_iter();
        let member = match items.next() {
            Some(name) => String::from_value(name)?,
            None => {
                return Err(Error::Type(TypeError {
                    expected: "geo search result",
                    received: "empty array".to_owned(),
                }))
            }
        };
        let mut found = GeoMatch {
            member,
            distance: None,
            hash: None,
            coordinates: None,
        };
        for item in items {
            match item {
                Value::Integer(hash) => found.hash = Some(hash),
                Value::Array(_) => found.coordinates = Some(<(f64, f64)>::from_value(item)?),
                other => found.distance = Some(f64::from_value(other)?),
            }
        }
        Ok(found)
    }
}

commands!(
    /// `GEOADD key longitude latitude member [...]` from `(longitude, latitude, member)` triples:
    /// how many members were added.
    ///
    /// ```
    /// use resp_core::commands::geo;
    ///
    /// let cmd = geo::geoadd("places", [(13.361389, 38.115556, "Palermo")]);
    /// assert_eq!(cmd.argc(), 5);
    /// ```
    pub fn geoadd(key: impl ToArgs, items: impl ToArgs) -> Cmd<usize> {
        Cmd::new("GEOADD").key(key).arg(items)
    }

    /// `GEOADD key [NX|XX] [CH] longitude latitude member [...]`
    pub fn geoadd_options(
        key: impl ToArgs,
        items: impl ToArgs,
        options: GeoAddOptions,
    ) -> Cmd<usize> {
        Cmd::new("GEOADD").key(key).arg(options).arg(items)
    }

    /// `GEODIST key member1 member2 unit`: the distance, or `None` when a member is missing.
    pub fn geodist(
        key: impl ToArgs,
        member1: impl ToArgs,
        member2: impl ToArgs,
        unit: GeoUnit,
    ) -> Cmd<Option<f64>> {
        Cmd::new("GEODIST")
            .read_only()
            .key(key)
            .arg(member1)
            .arg(member2)
            .arg(unit)
    }

    /// `GEOPOS key member...`: (longitude, latitude) per member, `None` for missing ones.
    pub fn geopos(key: impl ToArgs, members: impl ToArgs) -> Cmd<Vec<Option<(f64, f64)>>> {
        Cmd::new("GEOPOS").read_only().key(key).arg(members)
    }

    /// `GEOHASH key member...`: the 11-character geohash per member, `None` for missing ones.
    pub fn geohash(key: impl ToArgs, members: impl ToArgs) -> Cmd<Vec<Option<String>>> {
        Cmd::new("GEOHASH").read_only().key(key).arg(members)
    }

    /// `GEOSEARCH key FROMMEMBER|FROMLONLAT ... BYRADIUS|BYBOX ... [options]`: the matches; read
    /// them as `Vec<String>` without `WITH...` options, or `Vec<GeoMatch>` in every case.
    pub fn geosearch<T: FromValue>(
        key: impl ToArgs,
        from: GeoFrom,
        shape: GeoShape,
        options: GeoSearchOptions,
    ) -> Cmd<T> {
        Cmd::new("GEOSEARCH")
            .read_only()
            .key(key)
            .arg(from)
            .arg(shape)
            .arg(options)
    }

    /// `GEOSEARCHSTORE destination source ... [STOREDIST]`: stores the matches (with their
    /// distances as scores when `store_dist`); how many were stored. `WITH...` options are
    /// ignored, as Redis does not accept them here.
    pub fn geosearchstore(
        destination: impl ToArgs,
        source: impl ToArgs,
        from: GeoFrom,
        shape: GeoShape,
        options: GeoSearchOptions,
        store_dist: bool,
    ) -> Cmd<usize> {
        let options = GeoSearchOptions {
            with_coord: false,
            with_dist: false,
            with_hash: false,
            ..options
        };
        Cmd::new("GEOSEARCHSTORE")
            .key(destination)
            .key(source)
            .arg(from)
            .arg(shape)
            .arg(options)
            .arg(store_dist.then_some("STOREDIST"))
    }
);
