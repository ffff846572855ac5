#!/usr/bin/env python3
"""Make the shadow reference: eclipse contact times of OPS-SAT through its
2020-21 eclipse season, for checking orbitai-astro's `Shadow::illumination`
(tests/shadow_reference.rs). See README.md beside this file for how to run
it and the package versions used.

Independent of the Rust code on every count but the TLE and the two
modelling constants (solar radius 695 700 km, IAU 2015 B3; WGS84 a and f):

- Spacecraft: the python `sgp4` package (Vallado's SGP4, WGS72 constants,
  AFSPC mode `opsmode='a'`) from assets/tle/opssat-2021-02-08.tle, TEME.
- Sun: astropy's `get_body('sun')` with its built-in ephemeris (ERFA
  epv00, ~5 km in the Earth's position), apparent (light time, aberration),
  transformed by astropy to TEME of date with the IERS tables bundled in
  astropy-iers-data. Evaluated every 10 min and interpolated by cubic
  splines (error < 1e-12 rad, checked at every mid-node).
- Geometry: rays from the spacecraft to N_LIMB points of the solar limb
  (the circle where lines from the spacecraft touch the solar sphere), each
  tested against the ellipsoid of semi-axes (a + h, a + h, b + h) about TEME
  z with the quadratic ray-ellipsoid test (in units of the axes: the ray
  meets the unit sphere iff it points at the centre and passes within 1).
  Penumbra: some limb ray blocked; umbra: every limb ray blocked.
- Contacts: the state (sun / penumbra / umbra) every SCAN_S seconds, each
  change bisected to 1 ms.

Output (both CSV, LF line ends):

- windows.csv: `set,earth,a_km,b_km,height_km,start_unix_s,end_unix_s`, one
  row per scanned window (a UTC day, its ends moved to the day side so that
  no eclipse is cut).
- contacts.csv: `set,unix_s,contact,utc`, contact one of penumbra_entry,
  umbra_entry, umbra_exit, penumbra_exit; unix_s is seconds since
  1970-01-01 on the Unix scale (UTC, no leap seconds), 3 decimals.
- positions.csv: `unix_s,x_km,y_km,z_km,sun_x_km,sun_y_km,sun_z_km`, a few
  spacecraft and Sun positions (TEME) to check the inputs on the Rust side.
"""

import datetime as dt
import math
import os

import numpy as np
from astropy.coordinates import TEME, get_body
from astropy.time import Time
from astropy.utils import iers
import astropy.units as u
from scipy.interpolate import CubicSpline
from sgp4.api import WGS72, Satrec

HERE = os.path.dirname(os.path.abspath(__file__))
TLE = os.path.join(HERE, "..", "..", "..", "..", "..", "assets", "tle", "opssat-2021-02-08.tle")

SUN_RADIUS_KM = 695_700.0
WGS84_A_KM = 6378.137
WGS84_B_KM = WGS84_A_KM * (1.0 - 1.0 / 298.257223563)

N_LIMB = 4096  # limb rays: the inscribed polygon is within 3e-10 rad of the limb
SCAN_S = 1.0
BISECT_TO_S = 1e-3
SUN_NODE_S = 600.0

# (set, earth, a, b, atmosphere height, UTC days)
SETS = [
    (
        "wgs84",
        "Wgs84",
        WGS84_A_KM,
        WGS84_B_KM,
        0.0,
        # start of the season (none yet, penumbra only, the first umbrae),
        # middle, end (the last umbrae, penumbra only, none left)
        ["2020-11-01", "2020-11-02", "2020-11-03", "2020-12-21",
         "2021-02-08", "2021-02-10", "2021-02-11", "2021-02-12"],
    ),
    (
        "wgs84_atm50",
        "Wgs84",
        WGS84_A_KM,
        WGS84_B_KM,
        50.0,
        ["2020-10-31", "2020-11-01", "2020-12-21", "2021-02-13", "2021-02-14"],
    ),
    # The same ray caster on a sphere of the equatorial radius: checks the
    # whole chain against the Rust spherical model.
    ("sphere", "Sphere", WGS84_A_KM, WGS84_A_KM, 0.0, ["2020-11-01", "2020-12-21", "2021-02-12"]),
]

CONTACTS = {(0, 1): "penumbra_entry", (1, 2): "umbra_entry", (2, 1): "umbra_exit", (1, 0): "penumbra_exit"}


def read_tle():
    with open(TLE) as f:
        lines = [line.rstrip("\n") for line in f if line.strip()]
    l1, l2 = [line for line in lines if line[:2] in ("1 ", "2 ")][:2]
    sat = Satrec.twoline2rv(l1, l2, WGS72)
    # AFSPC mode, as the Rust propagator's default (identical for near-Earth
    # orbits, where opsmode only touches deep-space terms; kept explicit).
    jd, fr = sat.jdsatepoch, sat.jdsatepochF
    sat.sgp4init(WGS72, "a", sat.satnum, jd + fr - 2433281.5,
                 sat.bstar, sat.ndot, sat.nddot, sat.ecco, sat.argpo, sat.inclo,
                 sat.mo, sat.no_kozai, sat.nodeo)
    # sgp4init takes the epoch as one float (days since 1949-12-31: 10 us
    # lost); put back the TLE's own two-part epoch, from which tsince is taken.
    sat.jdsatepoch, sat.jdsatepochF = jd, fr
    return sat


def sat_positions(sat, unix_s):
    unix_s = np.atleast_1d(np.asarray(unix_s, dtype=float))
    days = np.floor(unix_s / 86400.0)
    jd = 2440587.5 + days
    fr = (unix_s - days * 86400.0) / 86400.0
    err, r, _ = sat.sgp4_array(jd, fr)
    assert not err.any(), err
    return r


class Sun:
    """Apparent geocentric Sun in TEME of date, km: astropy on a grid, splined."""

    def __init__(self, start_unix, end_unix):
        nodes = np.arange(start_unix - 2 * SUN_NODE_S, end_unix + 3 * SUN_NODE_S, SUN_NODE_S)
        t = Time(nodes, format="unix", scale="utc")
        teme = get_body("sun", t).transform_to(TEME(obstime=t))
        xyz = teme.cartesian.xyz.to(u.km).value.T
        self.spline = CubicSpline(nodes, xyz, axis=0)
        # Check the spline between nodes against astropy itself.
        mid = nodes[2:-3] + 0.5 * SUN_NODE_S
        tm = Time(mid, format="unix", scale="utc")
        exact = get_body("sun", tm).transform_to(TEME(obstime=tm)).cartesian.xyz.to(u.km).value.T
        got = self.spline(mid)
        sine = np.linalg.norm(np.cross(exact, got), axis=1)
        sine /= np.linalg.norm(exact, axis=1) * np.linalg.norm(got, axis=1)
        self.spline_error_rad = float(sine.max())

    def __call__(self, unix_s):
        return self.spline(np.atleast_1d(np.asarray(unix_s, dtype=float)))


def limb_blocked_counts(s, sun, a, b):
    """Number of the N_LIMB limb rays blocked by the ellipsoid, per row."""
    d = sun - s
    dist = np.linalg.norm(d, axis=1)
    w = d / dist[:, None]
    e1 = np.cross(w, np.array([0.0, 0.0, 1.0]))
    e1 /= np.linalg.norm(e1, axis=1)[:, None]
    e2 = np.cross(w, e1)
    rho = np.arcsin(SUN_RADIUS_KM / dist)
    phi = 2.0 * np.pi * np.arange(N_LIMB) / N_LIMB
    cos_phi, sin_phi = np.cos(phi), np.sin(phi)
    scale = np.array([1.0 / a, 1.0 / a, 1.0 / b])
    counts = np.empty(len(s), dtype=np.int64)
    for i in range(len(s)):
        u_ = (np.cos(rho[i]) * w[i])[None, :] + np.sin(rho[i]) * (
            cos_phi[:, None] * e1[i][None, :] + sin_phi[:, None] * e2[i][None, :])
        ss = s[i] * scale
        uu = u_ * scale
        toward = uu @ ss < 0.0
        cross = np.cross(ss[None, :], uu)
        within = (cross * cross).sum(1) < (uu * uu).sum(1)
        counts[i] = int(np.count_nonzero(toward & within))
    return counts


def states(sat, sun, unix_s, a, b, h):
    """0 sun, 1 penumbra, 2 umbra at each instant."""
    s = sat_positions(sat, unix_s)
    S = sun(unix_s)
    out = np.zeros(len(s), dtype=np.int64)
    # Only the night side near the shadow can be eclipsed: the penumbra
    # cone is < 20 km wider than the Earth at LEO; 300 km of margin.
    along = (s * S).sum(1) / np.linalg.norm(S, axis=1)
    perp = np.sqrt(np.maximum(0.0, (s * s).sum(1) - along**2))
    near = (along < 0.0) & (perp < a + h + 300.0)
    idx = np.nonzero(near)[0]
    if len(idx):
        counts = limb_blocked_counts(s[idx], S[idx], a + h, b + h)
        out[idx] = np.where(counts == 0, 0, np.where(counts == N_LIMB, 2, 1))
    return out


def day_side(sat, sun, unix_s):
    s = sat_positions(sat, unix_s)
    return float((s * sun(unix_s)).sum()) > 0.0


def window(sat, sun, day):
    """The UTC day, its ends moved forward to the day side."""
    start = dt.datetime.fromisoformat(day).replace(tzinfo=dt.timezone.utc).timestamp()
    ends = []
    for t in (start, start + 86400.0):
        while not day_side(sat, sun, t):
            t += 60.0
        ends.append(t)
    return ends


def bisect(sat, sun, lo, hi, before, after, a, b, h):
    """The instant in [lo, hi] where the state leaves `before` for `after`."""
    while hi - lo > BISECT_TO_S:
        mid = 0.5 * (lo + hi)
        st = states(sat, sun, [mid], a, b, h)[0]
        if st == before:
            lo = mid
        elif st == after:
            hi = mid
        else:
            raise RuntimeError(f"state {st} between {before} and {after} at {mid}")
    return 0.5 * (lo + hi)


def utc(unix_s):
    t = dt.datetime.fromtimestamp(unix_s, tz=dt.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def main():
    iers.conf.auto_download = False  # use the bundled IERS tables
    sat = read_tle()
    all_days = sorted({d for *_, days in SETS for d in days})
    t0 = dt.datetime.fromisoformat(all_days[0]).replace(tzinfo=dt.timezone.utc).timestamp()
    t1 = dt.datetime.fromisoformat(all_days[-1]).replace(tzinfo=dt.timezone.utc).timestamp() + 2 * 86400
    sun = Sun(t0, t1)
    print(f"Sun spline error: {sun.spline_error_rad:.1e} rad")

    windows, contacts = [], []
    for name, earth, a, b, h, days in SETS:
        for day in days:
            start, end = window(sat, sun, day)
            windows.append((name, earth, a, b, h, start, end))
            grid = np.arange(start, end, SCAN_S)
            st = states(sat, sun, grid, a, b, h)
            found = 0
            for k in np.nonzero(st[1:] != st[:-1])[0]:
                before, after = int(st[k]), int(st[k + 1])
                if (before, after) not in CONTACTS:
                    raise RuntimeError(f"{name} {day}: {before} -> {after} within {SCAN_S} s at {grid[k]}")
                t = bisect(sat, sun, grid[k], grid[k + 1], before, after, a, b, h)
                contacts.append((name, t, CONTACTS[(before, after)]))
                found += 1
            print(f"{name} {day}: {found} contacts")

    with open(os.path.join(HERE, "windows.csv"), "w", newline="\n") as f:
        f.write("set,earth,a_km,b_km,height_km,start_unix_s,end_unix_s\n")
        for name, earth, a, b, h, start, end in windows:
            f.write(f"{name},{earth},{a!r},{b!r},{h!r},{start:.3f},{end:.3f}\n")
    with open(os.path.join(HERE, "contacts.csv"), "w", newline="\n") as f:
        f.write("set,unix_s,contact,utc\n")
        for name, t, kind in contacts:
            f.write(f"{name},{t:.3f},{kind},{utc(t)}\n")
    # A few inputs: every 6 h over the season.
    samples = np.arange(t0, t1, 6 * 3600.0)[::8]
    r, S = sat_positions(sat, samples), sun(samples)
    with open(os.path.join(HERE, "positions.csv"), "w", newline="\n") as f:
        f.write("unix_s,x_km,y_km,z_km,sun_x_km,sun_y_km,sun_z_km\n")
        for t, p, q in zip(samples, r, S):
            f.write(f"{t:.3f}," + ",".join(repr(float(x)) for x in (*p, *q)) + "\n")
    print(f"{len(contacts)} contacts in {len(windows)} windows")


if __name__ == "__main__":
    main()
