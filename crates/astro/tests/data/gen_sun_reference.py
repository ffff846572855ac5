#!/usr/bin/env python3
"""Generate sun_reference.csv: the apparent geocentric direction of the Sun in
TEME of date, for checking orbitai-astro's `sun::sun_position`.

How it was made (run once, the CSV is committed; CI does not run Python):

    pip install pyerfa numpy        # pyerfa 2.0.1.5 / ERFA 2.0.1 was used
    python3 gen_sun_reference.py    # writes sun_reference.csv next to this file

Each row is `unix_ms,x,y,z`: an instant as integer milliseconds since
1970-01-01T00:00:00 UTC on the Unix scale (no leap seconds: exactly what
`Epoch::from_unix_millis` takes) and the unit vector towards the Sun in TEME
of date, printed with full double precision (repr).

Instants: 500 stratified samples over 1950-01-01 .. 2050-12-31 (sample i lies
in the i-th of 500 equal slices, at a golden-ratio offset within the slice, so
years, seasons and times of day are all covered and the set is reproducible),
plus a few fixed dates (J2000, equinoxes/solstices, the worked examples used
by the unit tests, the ends of the range).

Frame chain (the standard IAU 1976/1980 path on which TEME is defined; see
Vallado, Crawford, Hujsak & Kelso, "Revisiting Spacetrack Report #3",
AIAA 2006-6753, §"TEME"):

 1. UTC -> TAI -> TT with erfa.utctai / erfa.taitt. Before 1960 ERFA has no
    UTC and takes TAI-UTC = 0 with a "dubious year" warning (so TT = UTC +
    32.184 s, within ~3 s of the real TT-UT1 of the 1950s); after the last
    leap second it keeps 37 s. Those warnings are silenced. TDB is taken as
    TT (difference < 2 ms, i.e. < 1e-7 deg of solar motion).
 2. erfa.epv00: Earth's heliocentric and barycentric position/velocity
    (BCRS, au and au/day). The geometric geocentric Sun is -(heliocentric
    Earth). Light time of the Sun's barycentric motion (~6 km) is < 0.01".
 3. erfa.ab: annual aberration with the Earth's barycentric velocity (in
    units of c): the *apparent* direction, i.e. where the sunlight comes from
    (shifts the Sun by ~20.5" against its geometric direction).
 4. erfa.pnm80: GCRS (J2000 mean, frame bias neglected, 0.02") -> true
    equator and equinox of date (IAU 1976 precession, IAU 1980 nutation).
 5. True of date -> TEME: TEME has the true equator but the mean equinox, so
    RA_TEME = RA_TOD - EqEq with the equation of the equinoxes from
    erfa.eqeq94 (Δψ cos ε plus the tiny 1994 complementary terms, < 3 mas).
"""

import datetime as dt
import math
import os
import warnings

import erfa
import numpy as np

N_SAMPLES = 500
START = dt.datetime(1950, 1, 1, tzinfo=dt.timezone.utc)
END = dt.datetime(2051, 1, 1, tzinfo=dt.timezone.utc)  # exclusive: up to 2050-12-31
FIXED = [
    "1950-01-01T00:00:00",
    "1992-10-13T00:00:00",  # Meeus, Astronomical Algorithms, Example 25.a (0h TD ~ 0h UTC)
    "2000-01-01T12:00:00",  # J2000.0
    "2004-04-06T07:51:28.386",  # Vallado et al. 2006 TEME example epoch
    "2006-04-02T00:00:00",  # Vallado, Fundamentals, Example 5-1
    "2021-03-20T09:37:00",  # March equinox 2021
    "2021-06-21T03:32:00",  # June solstice 2021
    "2021-09-22T19:21:00",  # September equinox 2021
    "2021-12-21T15:59:00",  # December solstice 2021
    "2050-12-31T23:59:59",
]

GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0


def unix_ms_of(iso):
    t = dt.datetime.fromisoformat(iso).replace(tzinfo=dt.timezone.utc)
    return round(t.timestamp() * 1000)


def instants():
    start_ms = round(START.timestamp() * 1000)
    span_ms = round(END.timestamp() * 1000) - start_ms
    out = []
    for i in range(N_SAMPLES):
        frac = (i + (i * GOLDEN) % 1.0) / N_SAMPLES
        out.append(start_ms + int(frac * span_ms))
    out.extend(unix_ms_of(s) for s in FIXED)
    return sorted(set(out))


def sun_teme_unit(unix_ms):
    t = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(milliseconds=unix_ms)
    sec = t.second + t.microsecond * 1e-6
    utc1, utc2 = erfa.dtf2d("UTC", t.year, t.month, t.day, t.hour, t.minute, sec)
    tai1, tai2 = erfa.utctai(utc1, utc2)
    tt1, tt2 = erfa.taitt(tai1, tai2)

    pvh, pvb = erfa.epv00(tt1, tt2)  # TDB ~ TT
    sun_geo = -np.asarray(pvh[0])  # au, BCRS axes
    dist = float(np.linalg.norm(sun_geo))
    v_c = np.asarray(pvb[1]) / erfa.DC  # au/day -> units of c
    bm1 = math.sqrt(1.0 - float(v_c @ v_c))
    apparent = erfa.ab(sun_geo / dist, v_c, dist, bm1)

    tod = erfa.pnm80(tt1, tt2) @ apparent  # true equator & equinox of date
    ra_tod = math.atan2(tod[1], tod[0])
    dec = math.atan2(tod[2], math.hypot(tod[0], tod[1]))
    ra_teme = ra_tod - erfa.eqeq94(tt1, tt2)
    return (
        math.cos(dec) * math.cos(ra_teme),
        math.cos(dec) * math.sin(ra_teme),
        math.sin(dec),
    )


def main():
    warnings.simplefilter("ignore", erfa.ErfaWarning)  # "dubious year" before 1960 / after 2022
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sun_reference.csv")
    with open(path, "w", newline="\n") as f:
        f.write("unix_ms,x,y,z\n")
        for ms in instants():
            x, y, z = sun_teme_unit(ms)
            f.write(f"{ms},{x!r},{y!r},{z!r}\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
