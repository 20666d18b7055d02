"""The world map of the policy library: one shape per region, the figures shown on it, and which
regions are gaps.

The shapes are coarse outlines drawn for this project by hand from general geographic knowledge
(coastline points rounded to about a degree, most islands left out): no map data was copied, and
the outlines are not boundaries of any country. They are projected equirectangularly
(x = longitude, y = -latitude) into the SVG's coordinates. "Global" (UN entities and international
organisations) is a box in the Pacific, apart from the continents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from osunited.policies.models import Region

MAP_REGIONS: tuple[Region, ...] = (
    Region.NORTH_AMERICA,
    Region.CENTRAL_AMERICA_CARIBBEAN,
    Region.SOUTH_AMERICA,
    Region.EUROPE,
    Region.AFRICA,
    Region.MIDDLE_EAST,
    Region.ASIA,
    Region.OCEANIA,
    Region.GLOBAL,
)

# The map's frame: longitudes -170 to 180, latitudes 84 to -57, two units a degree.
WEST, NORTH, SCALE = -170.0, 84.0, 2.0
WIDTH, HEIGHT = 700, 282

Ring = Sequence[tuple[float, float]]  # (longitude, latitude) points


def _ring(points: str) -> Ring:
    """A ring from its text: "longitude,latitude" pairs separated by spaces."""
    return [(float(lon), float(lat)) for lon, lat in (pair.split(",") for pair in points.split())]


_NORTH_AMERICA: list[Ring] = [
    _ring(
        "-168,65.7 -163,67 -156,71.3 -141,69.6 -128,70 -115,68.5 -95,68 -90,69 -82,66 "
        "-94,59 -82,52 -79,55 -77,60 -72,61 -65,60 -61,56 -56,52 -53,47 -60,46 -66,44 "
        "-70,43 -70,41.5 -74,40.5 -75.5,35 -80,31 -80,25.5 -82,27 -84,30 -89,30 "
        "-94,29.5 -97,27.5 -97.5,22 -96,19 -94,18.5 -91,19 -90.5,21 -87,21.5 -87.5,18.5 "
        "-88.5,17.8 -91.5,16 -92.2,14.5 -96,15.7 -101,17.5 -105.5,20 -105,22.5 "
        "-109,25.5 -112.5,29 -114.8,31.8 -117.1,32.5 -120.6,34.5 -124.2,40.5 -124,46 "
        "-124.7,48.4 -128,51 -133,56 -140,59.8 -146,61 -152,59 -158,57 -164,54.8 "
        "-162,58.5 -166,61.5 -165,64.5"
    ),
]
_CENTRAL_AMERICA_CARIBBEAN: list[Ring] = [
    _ring(
        "-92.2,14.5 -91.5,16 -88.5,17.8 -88,16 -84,15.9 -83.2,15 -83.7,11 -81.5,9 "
        "-79.5,9.6 -77.4,8.7 -77.9,7.2 -80,7.5 -81.7,8.2 -85.7,10 -87.5,13 -91,13.9"
    ),
    _ring("-85,21.9 -80,23.1 -74.2,20.2 -77.7,19.8 -81,21.6"),
    _ring("-74.4,18.5 -72.8,19.9 -68.4,18.6 -71.4,17.6"),
    _ring("-78.3,18.4 -76.2,18 -77.2,17.6"),
    _ring("-67.2,18.5 -65.6,18.3 -66.5,17.9"),
    _ring("-61.8,15.8 -60.8,15.8 -60.8,12.9 -61.8,12.9"),
    _ring("-61.9,10.8 -60.9,10.8 -61,10 -61.9,10.1"),
]
_SOUTH_AMERICA: list[Ring] = [
    _ring(
        "-77.4,8.7 -75.5,10.5 -71.5,12.4 -70,11.5 -64,10.6 -61,10.5 -57,6 -52,5 -50,0 "
        "-44,-2.5 -35,-5.5 -39,-13.5 -41,-22 -48.5,-26 -53,-34 -58,-34.5 -57,-38 "
        "-62,-39 -65,-42 -67.5,-46.5 -69,-51 -68.5,-54.8 -73,-53 -75.5,-47 -73.5,-42 "
        "-71.6,-30 -70.3,-18 -76,-14 -81.2,-6 -80.3,-3.5 -80,1 -78.5,2.5 -77.3,4 "
        "-77.9,7.2"
    ),
]
_EUROPE: list[Ring] = [
    _ring(
        "-9.3,43 -9,37 -6,36.5 -2,36.7 0,38.6 3.2,42 6,43.1 9,44.3 10.5,43 12.3,41.7 "
        "15.6,38 16,39.5 18.5,40.2 16,41.5 12.3,44.5 13.5,45.6 15.5,44 19.4,41.9 "
        "19.9,39.9 21.1,38.3 22.8,36.5 23.2,38.2 24,40.5 26,40.8 26.2,41.7 28,41.9 "
        "28.6,43.4 30.5,46.5 33.5,44.5 36.5,45.3 38,47 40,46.5 40,43.5 47.5,42 47,44.5 "
        "49,46 50.5,51 60,52 59.5,58 60,64 65,68.5 60,69.5 53,68.5 44,68.5 40,66 "
        "40.5,67.7 33,69.4 28,71 20,70 15,68.5 12,65.8 8,63.3 5,61.5 5.5,58.5 7,58 "
        "10.5,59 11.2,58.3 12.5,56 14.2,55.4 16,56.2 18.2,59.4 17.2,61.5 21.5,64.8 "
        "25.3,65.1 21.3,61 23,59.8 28,60.5 23.5,59.2 24,57.5 21,56.8 21.2,55.2 "
        "14.2,53.9 10.9,54 9.9,57.2 8.1,56.6 8.6,53.5 4.8,52.9 3.4,51.4 1.6,50.9 "
        "-1.3,49.6 -1.6,48.6 -4.7,48.4 -2,47 -1.3,44.5 -1.8,43.4"
    ),
    _ring(
        "-5.7,50 1.4,51.2 1.7,52.7 0.1,53.5 -1.6,55.6 -2,57.6 -3.1,58.6 -5,58.6 "
        "-6.2,56.5 -5.6,55.3 -3,54.9 -3.1,53.3 -4.6,52.8 -5.3,51.7 -3,51.4"
    ),
    _ring("-6,52.2 -6,54 -7.3,55.3 -8.5,54.6 -10,53.5 -10.4,51.7 -8,51.6"),
    _ring("-22.5,64 -24,65.5 -22,66.4 -16,66.5 -13.6,65 -18.7,63.4"),
    _ring("12.4,38 15.6,38.2 15,36.7"),
    _ring("32.3,34.7 34,35.2 34.5,35.6 33,35.4"),
]
_MIDDLE_EAST: list[Ring] = [
    _ring(
        "26.2,41.7 26,40 27.3,37 30.5,36.2 36,36.7 35.9,35 35.1,33 34.2,31.3 34.9,29.5 "
        "36.5,26 39,21.5 42.7,16.5 43.3,12.7 45,12.8 48.5,14 52.2,15.6 55.5,17.8 "
        "57.8,19 59.8,22.5 56.4,24.9 55,24 51.6,24.2 51.3,26 50,26.5 48.5,28.5 48,30 "
        "50,30.2 51.5,27.9 54,26.6 57.3,25.8 61.6,25.2 63.3,27.2 61,29.8 60.6,33.6 "
        "61.2,35.6 59,37.4 54,37.3 53.9,37 50,37.4 49,38.4 49.5,40.4 48.6,41.8 "
        "43.5,41.1 41.5,41.5 36,41.7 31,41.1 29,41.2 28,41.9"
    ),
]
_AFRICA: list[Ring] = [
    _ring(
        "-17.1,21 -17,14.7 -16.7,12.4 -13.2,8.9 -11,7 -7.5,4.4 -2,4.8 1.5,6.2 4.5,6.3 "
        "6,4.3 8.5,4.6 9.7,3.6 9.4,1 12.3,-6.1 13.4,-10.3 11.8,-17.3 14.5,-22.9 "
        "16.5,-28.6 18.3,-33.5 20,-34.8 25.6,-34 27.9,-33 30.8,-29.5 32.9,-26 35.5,-24 "
        "35.3,-22 34.8,-19.8 40.7,-15 40.2,-10.3 39.3,-7 39,-4.6 41.6,-1.7 46,2.3 "
        "49,6.5 51.2,11.8 48.5,11.3 44.3,10.4 43.2,11.6 41.7,13.4 38.5,18 37.2,21 "
        "35.6,23.9 33.5,27.9 32.5,29.9 34.9,29.5 34.2,31.3 32.3,31.3 30,31.5 25,31.7 "
        "20,30.9 19,30.3 15.5,31.6 11.5,33.2 10.3,33.7 11,36.9 10.2,37.3 3,36.8 "
        "-1.5,35.2 -5.9,35.8 -6.8,34 -9.8,29.9 -13,27.7 -16.3,23.6"
    ),
    _ring("49.3,-12 50.5,-15.5 47,-24.5 45,-25.3 43.3,-22 44.3,-16.2"),
    _ring("57.2,-19.9 58,-19.9 58,-20.6 57.2,-20.6"),
]
_ASIA: list[Ring] = [
    _ring(
        "65,68.5 60,64 59.5,58 60,52 50.5,51 49,46 53,45 51,44.5 52.8,41.7 53.9,37 "
        "54,37.3 59,37.4 61.2,35.6 60.6,33.6 61,29.8 63.3,27.2 61.6,25.2 66.5,25.4 "
        "67.5,24 68.8,23.5 70,21 72.8,21 73,19 74.5,14.8 76.2,10 77.5,8 79.8,10.3 "
        "80.2,13.5 80.3,15.9 82.3,16.6 86.9,20.7 89,21.8 91.8,22.3 92.3,21 94.4,16 "
        "97.7,16.3 98.7,10.5 98.5,8 100,6.5 102,2 104,1.3 103.5,4 102,6.2 100.3,8.3 "
        "100,13.5 102.5,12 105,8.6 106.8,10.4 109.2,11.6 108.8,15.5 105.6,19 107.7,21.5 "
        "110.5,21 113.5,22.3 117,23.6 119.5,26.5 121.7,28.3 121.8,31 120.8,32.7 "
        "119.3,35 122.5,36.9 118.6,37.5 117.8,38.9 121.2,40.9 124.3,39.9 125.3,37.7 "
        "126.6,34.5 129.4,35.4 129.7,37 128.4,38.6 130.6,42.4 133,42.8 135.5,43.9 "
        "140.4,48.3 141.3,52.3 136.7,54.6 142.7,59.3 151.2,59 155.5,59.6 156.7,51 "
        "160,54 163,56.5 163.2,60 171,60.5 180,62.5 180,69 170,70 160,69.6 150,71.4 "
        "140,72.6 128,73 113,73.7 104,77.7 95,76 80,73.5 72.5,72.8 69,73"
    ),
    _ring("79.8,6.2 81.8,7.2 80.2,9.8"),
    _ring(
        "130.2,31.2 131.7,31.8 133.9,33.4 136,33.5 139.8,35 140.8,35.7 141.5,38.3 "
        "141.9,40.6 141.3,41.4 143.3,42 145.5,43.3 141.8,45.4 140,43.2 140,41.5 "
        "139.8,40 138.5,37.8 136.7,37 133,35.5 130.9,34.2 129.7,33.2"
    ),
    _ring("121,25.2 122,25 121.4,23 120.8,21.9 120.1,23"),
    _ring("120,18.5 122.2,18.5 122.5,16.9 121.6,15.2 124,13 120.6,13.8 119.9,16"),
    _ring("122,7 126.5,7.2 126,9.2 123.6,8.6"),
    _ring(
        "109,1.5 111.5,2.6 113.9,4.5 116.1,6.9 119.3,5.3 117.8,1 116,-3.8 114.5,-3.5 "
        "111,-3 110.2,-1.7"
    ),
    _ring("95.2,5.6 97.8,5.2 100.4,2.3 104,-1 106,-3.2 105.8,-5.8 104,-5.7 101.4,-2.8 98.6,1.7"),
    _ring("105.2,-6.8 108.3,-6.2 112.6,-6.8 114.6,-7.8 110.4,-8.2 106.4,-7.4"),
    _ring("119.5,-5.5 120.4,0.6 124.9,1.4 121.1,-1.4 123.4,-3.3 121,-4.7"),
]
_OCEANIA: list[Ring] = [
    _ring(
        "113.4,-22 114,-26.5 115,-34 118,-35 123.5,-33.9 129,-31.6 131.2,-31.5 "
        "134.3,-32.9 137.7,-35.6 139.6,-37.4 141,-38.2 146.3,-39.1 150,-37.5 "
        "151.2,-33.9 153.6,-28.2 153,-25.2 150.8,-22.5 145.4,-14.9 142.5,-10.7 "
        "141.6,-12.9 141.5,-17 139.5,-17.5 136,-15.5 136.7,-12.1 132.6,-11.4 "
        "130.2,-12.9 129.4,-14.9 126.1,-14 122.2,-17.5 119,-20 114.2,-21.8"
    ),
    _ring("144.6,-40.7 148.3,-40.9 148,-43.2 146,-43.6"),
    _ring(
        "172.6,-34.4 174.8,-36.8 178.5,-37.7 177,-39.7 174.9,-41.4 174.6,-39.9 "
        "173.8,-39.2 174.6,-38"
    ),
    _ring(
        "172.7,-40.5 174.3,-41.7 173.1,-43.9 171.2,-44.5 169.3,-46.6 166.5,-46 "
        "168.4,-44 171.5,-41.8"
    ),
    _ring(
        "131,-1.3 134.2,-0.9 137.9,-1.5 141,-2.6 145.7,-4.8 147.6,-6.1 150.8,-10.3 "
        "147.9,-10.1 146,-8 143.3,-9 141,-9.1 138.7,-8.4 137.6,-5.2 133.7,-4 132,-2.8"
    ),
    _ring("157.5,7.5 159,7.5 159,6.5 157.5,6.5"),
]
_GLOBAL: list[Ring] = [
    _ring("-165,-22 -120,-22 -120,-50 -165,-50"),
]

_OUTLINES: dict[Region, list[Ring]] = {
    Region.NORTH_AMERICA: _NORTH_AMERICA,
    Region.CENTRAL_AMERICA_CARIBBEAN: _CENTRAL_AMERICA_CARIBBEAN,
    Region.SOUTH_AMERICA: _SOUTH_AMERICA,
    Region.EUROPE: _EUROPE,
    Region.AFRICA: _AFRICA,
    Region.MIDDLE_EAST: _MIDDLE_EAST,
    Region.ASIA: _ASIA,
    Region.OCEANIA: _OCEANIA,
    Region.GLOBAL: _GLOBAL,
}
# Where each region's number is written (longitude, latitude): inside its shape, or beside a
# small one (Central America and the Caribbean) in the sea.
_LABELS: dict[Region, tuple[float, float]] = {
    Region.NORTH_AMERICA: (-102, 50),
    Region.CENTRAL_AMERICA_CARIBBEAN: (-68, 26),
    Region.SOUTH_AMERICA: (-60, -12),
    Region.EUROPE: (30, 56),
    Region.AFRICA: (20, 5),
    Region.MIDDLE_EAST: (46, 27),
    Region.ASIA: (100, 48),
    Region.OCEANIA: (134, -25),
    Region.GLOBAL: (-142.5, -36),
}


def project(longitude: float, latitude: float) -> tuple[float, float]:
    """A point in the SVG's coordinates."""
    return round((longitude - WEST) * SCALE, 1), round((NORTH - latitude) * SCALE, 1)


def path_data(rings: Sequence[Ring]) -> str:
    """An SVG path's `d`: each ring a closed subpath."""
    parts = []
    for ring in rings:
        points = [project(lon, lat) for lon, lat in ring]
        parts.append("M" + " L".join(f"{x:g} {y:g}" for x, y in points) + " Z")
    return " ".join(parts)


# -- what the map shows ----------------------------------------------------------------------

# Classes of approved policies: (lowest count, class name). Each has a colour and a pattern.
BANDS: tuple[tuple[int, str], ...] = ((50, "many"), (10, "some"), (1, "few"), (0, "none"))


def band(approved: int) -> str:
    return next(name for lowest, name in BANDS if approved >= lowest)


@dataclass(frozen=True)
class RegionFigures:
    region: Region
    policies: int
    approved: int
    issuers: int  # governments (or organisations, for Global) with an approved policy
    latest_year: int | None  # of an approved policy; None when none states its year

    def is_gap(self, *, since: int, fewer_than: int) -> bool:
        """No approved policy dated `since` or later, or fewer than `fewer_than` approved."""
        recent = self.latest_year is not None and self.latest_year >= since
        return not recent or self.approved < fewer_than


@dataclass(frozen=True)
class MapRegion:
    figures: RegionFigures
    gap: bool
    band: str
    path: str
    label_x: float
    label_y: float

    @property
    def region(self) -> Region:
        return self.figures.region


def map_regions(
    figures: Sequence[RegionFigures], *, since: int, fewer_than: int
) -> list[MapRegion]:
    """The map's shapes with their figures, band and gap mark."""
    shown = []
    for figure in figures:
        x, y = project(*_LABELS[figure.region])
        shown.append(
            MapRegion(
                figures=figure,
                gap=figure.is_gap(since=since, fewer_than=fewer_than),
                band=band(figure.approved),
                path=path_data(_OUTLINES[figure.region]),
                label_x=x,
                label_y=y,
            )
        )
    return shown
