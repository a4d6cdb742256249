"""Curves inside the plot area: pixel classes by colour, chains of components, levels, censoring marks."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["PixelClass", "RawCurve", "pixel_classes", "extract_curves"]


@dataclass
class PixelClass:
    name: str            # "hue:<deg>", "black", "grey"
    mask: np.ndarray     # whole image, bool
    bgr: tuple
    chromatic: bool


@dataclass
class RawCurve:
    cls: PixelClass
    cols: np.ndarray          # plot-area columns (image x)
    level: np.ndarray         # image row of the curve per column (float, NaN where unseen)
    censor_cols: list
    dashed: bool
    n_components: int
    coverage: float
    mask: np.ndarray = field(repr=False, default_factory=lambda: np.zeros((0, 0), bool))
    offset: tuple = (0, 0)   # image (x, y) of the mask's corner
    vertical: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, bool))  # per column: a drop's stroke only
    piece_span: float = 0.0  # median width of the pieces chained (dashes, dots): a dashed and a dotted curve differ


def _hsv(img: np.ndarray):
    import cv2

    hsv = cv2.cvtColor(img, cv2.COLOR_BGR2HSV)
    return hsv[..., 0].astype(np.int32), hsv[..., 1].astype(np.int32), hsv[..., 2].astype(np.int32)


def pixel_classes(img: np.ndarray, area: tuple) -> list[PixelClass]:
    """Colour classes of the strong (line-like) pixels in ``area`` = (x0, y0, x1, y1).

    Chromatic pixels (saturation > 0.35) are grouped by hue peaks; achromatic ones into black (value < 80)
    and grey (80-170, not the anti-aliased rim of a black line), and in a figure without colour light grey
    (170-215, away from darker lines). Paler pixels (CI bands, grids, frames) are left out.
    """
    import cv2

    h, s, v = _hsv(img)
    x0, y0, x1, y1 = area
    inside = np.zeros(h.shape, bool)
    inside[y0:y1, x0:x1] = True
    # a line's pixels are far from white (ink = 255 - darkest channel); a translucent band of the same hue is not
    ink = 255 - img.min(axis=2).astype(np.int32)
    chrom = (s > 50) & (v > 60) & (ink >= 110)
    # a pale curve of a sequential palette (light purple) has less ink; its pixels count only when they make
    # a shade of their own (see _split_shades)
    pale = (s > 50) & (v > 60) & (ink >= 90)
    # still paler (saturation 30, ink 70: a very light purple beside a dark one) when no translucent fill of
    # the hue is drawn, whose edges and anti-aliased borders would pass for a light line
    paler = (s > 30) & (v > 60) & (ink >= 70)
    # (a fill is what is left of the hue's faint pixels after a 7x7 erosion: no line is that thick)
    fill = cv2.erode(((ink >= 12) & (s > 12)).astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
    classes: list[PixelClass] = []
    hist = np.bincount(h[chrom & inside].ravel(), minlength=180).astype(float)
    total = hist.sum()
    lax_px = paler & ~chrom & inside
    if total > 0:
        k = np.array([1, 2, 3, 2, 1], float)
        sm = np.convolve(np.concatenate([hist[-2:], hist, hist[:2]]), k / k.sum(), mode="same")[2:-2]
        order = np.argsort(sm)[::-1]
        peaks: list[int] = []
        # per hue bin, the plot columns holding its pixels
        ys, xs = np.nonzero(chrom & inside)
        hue_cols = np.zeros((180, img.shape[1]), bool)
        hue_cols[h[ys, xs], xs] = True
        for b in order:
            if sm[b] < max(0.04 * total / 5, 8):
                break
            # two peaks 13 bins apart with a valley between; nearer (a sequential palette's red, orange and
            # light orange, 7 bins apart) when the valley is deep: one colour's anti-aliasing or JPEG spread makes
            # a shoulder, not a second sharp peak
            if all((dist := min(abs(b - p), 180 - abs(b - p))) >= 13 and not _no_valley(sm, b, p)
                   or dist >= 6 and not _no_valley(sm, b, p, 0.2) and _side_by_side(hue_cols, b, p)
                   for p in peaks):
                peaks.append(int(b))
        # the humps are measured among all line-like pixels, pale ones too: a thin light line beside a dark
        # one of a near hue has few strong pixels
        hist_lax = np.bincount(h[paler & inside].ravel(), minlength=180).astype(float)
        sm_lax = np.convolve(np.concatenate([hist_lax[-2:], hist_lax, hist_lax[:2]]), k / k.sum(), mode="same")[2:-2]
        # a pastel curve (a light purple of saturation 0.2: Accent, Pastel palettes) beside a stronger colour's
        # curve has no strong pixel (alone, so pale a line is a band or a grid): its hue is a peak of the pale
        # pixels alone, far from every strong peak, holding a tenth of them and running
        # across a sixth of the plot's columns in pieces (JPEG tints are specks scattered over hues and columns)
        pastel: list[int] = []
        hist_p = np.bincount(h[lax_px].ravel(), minlength=180).astype(float)
        for b in np.argsort(hist_p)[::-1][:3] if peaks else []:
            d = np.minimum(np.abs(h - int(b)), 180 - np.abs(h - int(b)))
            band = lax_px & (d <= 3)
            if band.sum() < max(150, 0.1 * lax_px.sum()) or (chrom & inside & (d <= 6)).sum() >= 30:
                continue
            if any(min(abs(int(b) - p), 180 - abs(int(b) - p)) < 13 for p in peaks + pastel):
                continue
            # (the columns of its pieces at least 8 pixels long or tall: a line's, not specks)
            n_b, lab_b, st_b, _ = cv2.connectedComponentsWithStats(band.astype(np.uint8), connectivity=8)
            long_b = np.zeros(n_b, bool)
            long_b[1:] = (st_b[1:, cv2.CC_STAT_WIDTH] >= 8) | (st_b[1:, cv2.CC_STAT_HEIGHT] >= 8)
            if long_b[lab_b].any(axis=0).sum() >= (x1 - x0) / 6:
                pastel.append(int(b))
        peaks += pastel
        for p in peaks:
            d = np.minimum(np.abs(h - p), 180 - np.abs(h - p))
            lo_w, hi_w = _hump(sm_lax, p, peaks)
            mine = d <= 10
            if lo_w > 10 or hi_w > 10:
                # two lines of near hues (dark and light green) make one hump without a valley: the class takes
                # the whole hump, and its shades are told apart below
                off = (h - p + 90) % 180 - 90
                mine |= (off >= -lo_w - 2) & (off <= hi_w + 2)
            # also count pixels nearer this peak than any other
            for q in peaks:
                if q != p:
                    dq = np.minimum(np.abs(h - q), 180 - np.abs(h - q))
                    mine &= d < dq
            near = (paler if p in pastel else chrom) & mine
            if (near & inside).sum() < 30:
                continue
            lax = paler & mine & inside
            light = paler if (fill & mine & inside).sum() < 0.2 * lax.sum() else pale
            parts = _split_shades(light & mine, inside, s, v)
            if len(parts) < 2:
                parts = [near]
            for j, m in enumerate(parts):
                sel = m & inside & (s > 100)
                if sel.sum() < 30:
                    sel = m & inside
                bgr = tuple(int(c) for c in np.median(img[sel], axis=0))
                name = f"hue:{2 * p}" if len(parts) == 1 else f"hue:{2 * p}:{j}"
                classes.append(PixelClass(name, m, bgr, True))
    achrom = ((s <= 50) | (v <= 60)) & ~chrom
    # beside colour curves a dark slate line (a JPEG's, value 70-95) is one black line, not black and grey
    # pieces in turn; grey curves of colour figures are paler (value 100 and more)
    dark_v = 100 if classes else 80
    black = achrom & (v < dark_v)
    rim = cv2.dilate(black.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    grey = achrom & (v >= dark_v) & (v < 170) & ~rim
    grey = cv2.morphologyEx(grey.astype(np.uint8), cv2.MORPH_OPEN, np.ones((2, 2), np.uint8)).astype(bool)
    if not classes:
        # a grey figure's thin dashed curve drawn one pixel thin where it runs flat (its plateau on a pixel
        # row: a 2x2 opening removes every dash): its short flat thin strokes stay (a grid line is one long run)
        raw_grey = achrom & (v >= dark_v) & (v < 170) & ~rim
        strokes = _thin_strokes(raw_grey)
        n, lab, st, _ = cv2.connectedComponentsWithStats(strokes.astype(np.uint8), connectivity=8)
        short = np.zeros(n, bool)
        short[1:] = (st[1:, cv2.CC_STAT_WIDTH] <= 48) & (st[1:, cv2.CC_STAT_HEIGHT] <= 2)
        grey |= strokes & short[lab]
    shades = [("black", black, (0, 0, 0)), ("grey", grey, (115, 115, 115))]
    if not classes:
        # a grey figure may draw one curve light grey (170-215): its pixels, away from the anti-aliased rims
        # of the darker lines, are a class of their own (grid lines and shaded bands are paler still)
        darker = cv2.dilate((black | (achrom & (v < 170))).astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
        light = achrom & (v >= 170) & (v < 215) & ~darker
        light = cv2.morphologyEx(light.astype(np.uint8), cv2.MORPH_OPEN, np.ones((2, 2), np.uint8)).astype(bool)
        shades.append(("light", light, (200, 200, 200)))
    for name, m, bgr in shades:
        if (m & inside).sum() >= 30:
            classes.append(PixelClass(name, m, bgr, False))
    return classes


def _split_shades(near: np.ndarray, inside: np.ndarray, s: np.ndarray, v: np.ndarray) -> list[np.ndarray]:
    """One hue's pixels split into shades when the hue draws several curves (a sequential palette: dark, mid
    and light blue). The shade is ``v - s/2`` (darker and more saturated is lower); its histogram's peaks with
    a deep valley between them are the shades. A lighter shade's pixels next to a darker shade's are the
    anti-aliased rim of the darker line and are left out."""
    import cv2

    f = (v - s // 2)
    vals = f[near & inside]
    if vals.size < 200:
        return [near]
    lo = int(vals.min())
    hist = np.bincount(vals - lo).astype(float)
    k = np.ones(9) / 9.0
    sm = np.convolve(hist, k, mode="same")
    order = np.argsort(sm)[::-1]
    peaks: list[int] = []
    # a shade is a peak holding 8% of the pixels: tall within nine bins, or (a dark line whose JPEG-spread shade
    # runs over many bins, beside a paler line's narrow peak) lower but carrying that share over its whole hump
    floor = max(0.08 * vals.size / 9.0, 10)
    for b in order:
        if sm[b] < max(0.3 * floor, 10):
            break
        ok = True
        for q in peaks:
            a, c = sorted((int(b), q))
            if c - a < 24 or sm[a:c + 1].min() > 0.25 * min(sm[b], sm[q]):
                ok = False
                break
        if ok:
            peaks.append(int(b))
    peaks.sort()
    while len(peaks) >= 2:
        cut_i = [a + int(np.argmin(sm[a:c + 1])) for a, c in zip(peaks, peaks[1:])]
        bounds = [0] + cut_i + [hist.size]
        mass = [float(hist[bounds[j]:bounds[j + 1]].sum()) for j in range(len(peaks))]
        small = [j for j in range(len(peaks)) if sm[peaks[j]] < floor and mass[j] < 0.08 * vals.size * 3]
        if not small:
            break
        peaks.pop(min(small, key=lambda j: mass[j]))
    if len(peaks) < 2:
        return [near]
    cuts = []
    for a, c in zip(peaks, peaks[1:]):
        cuts.append(lo + a + int(np.argmin(sm[a:c + 1])))
    edges = [-10**9] + cuts + [10**9]
    bands = [(edges[j], edges[j + 1]) for j in range(len(peaks))]
    cols = inside.any(axis=0)

    def masks(bands):
        out, darker = [], np.zeros(near.shape, bool)
        for j, (e0, e1) in enumerate(bands):
            m = near & (f > e0) & (f <= e1)
            if j:  # a lighter shade next to a darker one is that line's anti-aliased rim
                m &= ~darker
                m = cv2.morphologyEx(m.astype(np.uint8), cv2.MORPH_OPEN, np.ones((2, 2), np.uint8)).astype(bool) \
                    | _thin_strokes(m)
            out.append(m)
            darker |= cv2.dilate((near & (f <= e1)).astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
        return out

    # a shade is a curve only when it holds a fair share of the pixels and runs across a fair share of the
    # columns; a weak shade (a JPEG halo, the rim of a thick line) joins its darker neighbour
    while len(bands) >= 2:
        ms = masks(bands)
        px = [int((m & inside).sum()) for m in ms]
        span = [int((m & inside).any(axis=0)[cols].sum()) for m in ms]
        # a shade as thick as a filled area is a band (a confidence band's paler hue), not a line
        thick = [float(np.median(c[c > 0])) if (c := (m & inside).sum(axis=0)).any() else 0.0 for m in ms]
        weak = [j for j in range(len(bands)) if px[j] < 0.25 * max(px) or span[j] < 0.4 * max(span)
                or thick[j] > 2.5 * min(thick) + 3]
        # a palette's darker shade is at least as saturated as its lighter one; a darker, greyer "shade" is the
        # line mixed with others where they cross
        sat = [float(np.median(s[m & inside])) if (m & inside).any() else 0.0 for m in ms]
        weak += [j for j in range(len(bands) - 1) if sat[j] < sat[j + 1] - 10 and j not in weak]
        if not weak:
            return ms
        j = int(min(weak, key=lambda i: px[i]))
        nb = j - 1 if j else 1
        lo_, hi_ = min(j, nb), max(j, nb)
        bands[lo_:hi_ + 1] = [(bands[lo_][0], bands[hi_][1])]
    return [near]


def _side_by_side(hue_cols: np.ndarray, a: int, b: int) -> bool:
    """True when the pixels of hues ``a`` and ``b`` (within two bins of each) run across mostly the same
    columns: two lines drawn side by side. One line whose colour changes along it (where it runs through
    another arm's translucent band) holds each hue in other columns."""
    def cols(p: int) -> np.ndarray:
        return np.asarray(hue_cols[[(p + k) % 180 for k in range(-2, 3)]].any(axis=0))

    ca, cb = cols(a), cols(b)
    n = min(int(ca.sum()), int(cb.sum()))
    return n > 0 and int((ca & cb).sum()) >= 0.5 * n


def _hump(sm: np.ndarray, p: int, peaks: list, most: int = 24) -> tuple[int, int]:
    """How far (in hue bins, below and above) the hue histogram's hump around peak ``p`` runs: while the
    smoothed count stays above a sixth of the peak's (and above 8), up to ``most`` bins and not past another
    peak."""
    floor = max(sm[p] / 6.0, 8.0)
    reach = []
    for step in (-1, 1):
        k = 0
        while k < most:
            b = (p + step * (k + 1)) % 180
            if sm[b] < floor or b in peaks:
                break
            k += 1
        reach.append(k)
    return reach[0], reach[1]


def _thin_strokes(m: np.ndarray, min_len: int = 8) -> np.ndarray:
    """The one-pixel-thin lines of a mask: runs of at least two pixels along a row or a column, kept where
    they join into pieces at least ``min_len`` long or tall (a pale line drawn one pixel thin, whose
    pixels a 2x2 opening would all remove; the specks of a darker line's rim are shorter)."""
    import cv2

    mu = m.astype(np.uint8)
    thin = np.maximum(cv2.morphologyEx(mu, cv2.MORPH_OPEN, np.ones((1, 2), np.uint8)),
                      cv2.morphologyEx(mu, cv2.MORPH_OPEN, np.ones((2, 1), np.uint8))).astype(np.uint8)
    n, lab, st, _ = cv2.connectedComponentsWithStats(thin, connectivity=8)
    keep = np.zeros(n, bool)
    keep[1:] = (st[1:, cv2.CC_STAT_WIDTH] >= min_len) | (st[1:, cv2.CC_STAT_HEIGHT] >= min_len)
    return keep[lab]


def _no_valley(sm: np.ndarray, a: int, b: int, depth: float = 1 / 3) -> bool:
    """True when the hue histogram does not fall to ``depth`` (a third) of the lower peak between bins a and b
    (one colour spread by anti-aliasing or JPEG, not two colours)."""
    lo, hi = sorted((a, b))
    inner = sm[lo:hi + 1] if hi - lo <= 90 else np.concatenate([sm[hi:], sm[:lo + 1]])
    return bool(inner.min() > min(sm[a], sm[b]) * depth)


def _components(mask: np.ndarray):
    import cv2

    n, lab, st, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    return n, lab, st


def _col_levels(sub: np.ndarray) -> np.ndarray:
    """Median row of each column of a component (NaN where empty)."""
    cnt = sub.sum(axis=0)
    rows = np.arange(sub.shape[0])[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (sub * rows).sum(axis=0) / cnt
    return np.where(cnt > 0, mean, np.nan)


def _best_chain(comps: list, width: int, lw: int, used: set):
    """Longest-covering chain of components running left to right with non-decreasing rows (the curve
    falls)."""
    idx = [i for i in range(len(comps)) if i not in used]
    # pieces starting in the same column (the dashes of a drop) are taken top to bottom
    idx.sort(key=lambda i: comps[i]["x0"])
    score: dict[int, float] = {}
    prev: dict[int, int | None] = {}
    # (where another curve is drawn over this one, a piece's end shows only the edge of its line, up to a line
    # width off its middle: both ends of a gap so give a rise of up to two line widths)
    tol = 3 + 2 * lw
    for a, i in enumerate(idx):
        ci = comps[i]
        best, arg = ci["span"], None
        for j in idx[:a]:
            cj = comps[j]
            # pieces may overlap by a drop's width where another curve crossed them
            if cj["x1"] - (3 * lw + 3) > ci["x0"] or ci["x0"] - cj["x1"] > 0.35 * width:
                continue
            if ci["left"] < cj["right"] - tol:
                continue
            sc = score[j] + ci["span"]
            if sc > best:
                best, arg = sc, j
        score[i] = best
        prev[i] = arg
    if not score:
        return [], 0
    end = max(score, key=lambda i: score[i])
    chain = []
    k: int | None = end
    while k is not None:
        chain.append(k)
        k = prev[k]
    return chain[::-1], score[end]


def extract_curves(classes: list, area: tuple, lw: int) -> list[RawCurve]:
    """One curve per chromatic class; up to three from the black and grey classes when no colour curve is
    found (grey figures), told apart by line style."""
    import cv2

    x0, y0, x1, y1 = area
    width = x1 - x0
    height = y1 - y0
    curves: list[RawCurve] = []
    chromatic = [c for c in classes if c.chromatic]
    for cls in classes:
        sub = cls.mask[y0:y1, x0:x1]
        n, lab, st = _components(sub)
        comps = []
        for k in range(1, n):
            cx, cy, cw, ch, area_px = (int(v) for v in st[k])
            if area_px < 3:
                continue
            piece = lab[cy:cy + ch, cx:cx + cw] == k
            if not cls.chromatic and cw > 6 * lw + 6 and ch > 6 * lw + 6:
                # a filled area (a confidence band of this shade), not a line; a colour's band stays, as its
                # line runs inside it and is read through it
                cnt = piece.sum(axis=0)
                if float(np.median(cnt[cnt > 0])) > 10 * lw + 4:
                    continue
            lev = _col_levels(piece) + cy
            good = np.flatnonzero(np.isfinite(lev))
            comps.append({"k": k, "x0": cx, "x1": cx + cw - 1, "span": cw, "h": ch,
                          "left": float(np.nanmedian(lev[good[:max(2, lw)]])),
                          "right": float(np.nanmedian(lev[good[-max(2, lw):]]))})
        comps.sort(key=lambda c: -c["span"])
        comps = comps[:400]
        used: set = set()
        tries = 3
        found: list[RawCurve] = []
        # in a grey figure, dashes and dots are chained apart once the solid curve is taken: a chain through
        # both would jump between a dashed and a dotted curve where they run close
        dot = 2 * lw + 2
        dots = {i for i, c in enumerate(comps) if c["span"] <= dot and c["h"] <= 2 * dot}
        not_dots = set(range(len(comps))) - dots
        for attempt in range(tries):
            if cls.chromatic or attempt == 0:
                chain, cover = _best_chain(comps, width, lw, used)
            else:
                chain, cover = _best_chain(comps, width, lw, used)
                options = [_best_chain(comps, width, lw, used | dots), _best_chain(comps, width, lw, used | not_dots)]
                pure = max(options, key=lambda o: o[1])
                if pure[1] >= 0.8 * cover:  # a chain of one kind of piece that covers nearly as much
                    chain, cover = pure
            if not chain or cover < 0.12 * width:
                break
            first = comps[chain[0]]
            starts_ok = first["x0"] <= 0.3 * width and first["left"] <= 0.35 * height
            if not cls.chromatic and not starts_ok:
                break
            if cls.chromatic and cover < 0.12 * width:
                break
            used.update(chain)
            m = np.isin(lab, [comps[i]["k"] for i in chain])
            if not cls.chromatic and chromatic and (cover < 0.5 * width or not starts_ok):
                # a grey or black curve drawn under colour curves (its stretch at S = 1 under their dashes) is
                # seen in few columns: those where a colour line runs at its level count too
                if not (starts_ok and cover + _hidden_under(m, chromatic, area, lw) >= 0.5 * width):
                    continue
            span = comps[chain[-1]]["x1"] - comps[chain[0]]["x0"] + 1
            pieces = len(chain)
            dashed = pieces >= 6 and pieces > span / (12.0 * lw + 20)
            curve = _levels(cls, m, x0, y0, lw, pieces, dashed, cover / width)
            curve.piece_span = float(np.median([comps[i]["span"] for i in chain]))
            found.append(curve)
        if cls.chromatic and found:
            # confidence limits drawn as lines of the curve's colour run beside it, as long; the curve is the
            # one carrying the censoring marks (else the middle one)
            long = [c for c in found if c.coverage >= 0.6 * found[0].coverage]
            if len(long) >= 2:
                mid = sorted(long, key=lambda c: float(np.nanmean(c.level)))[len(long) // 2]
                best = max(long, key=lambda c: (len(c.censor_cols), c is mid))
                # solid limits (pieces broken only where other lines cross, longer than dashes): three alike lines
                if min(c.piece_span for c in long) >= 5 * lw + 2:
                    _follow_middle(best, long, lw)
                found = [best]
            else:
                found = found[:1]
        if not cls.chromatic:
            _join_merged(found, width, lw)
        curves.extend(found)
    return [c for c in curves if not _rim_of(c, curves, lw)]


def _join_merged(found: list, width: int, lw: int) -> None:
    """Two broken lines of one shade (a dashed and a dotted curve) that meet and run on together at one level
    make one line whose gaps fill each other: its pieces all go to the chain taken first, and the other curve
    seems to end where they met. There it follows the merged line to its end. Told by the merged line: broken
    (dashed) before, and seen in far more of its columns after the meeting than before."""
    for x in found:
        for y in found:
            if y is x or not y.dashed or not x.dashed or y.cols[-1] <= x.cols[-1] + 0.1 * width:
                continue
            e = int(x.cols[-1])
            i = e - int(y.cols[0])
            if i < 20:
                continue
            xs = np.flatnonzero(np.isfinite(x.level))
            ys = np.isfinite(y.level)
            if xs.size == 0:
                continue
            near = y.level[max(i - 3 * lw - 5, 0):i + 3 * lw + 6]
            if not np.isfinite(near).any():
                continue
            if abs(float(x.level[xs[-1]]) - float(np.nanmedian(near))) > 2 * lw + 4:
                continue
            before, after = float(ys[:i].mean()), float(ys[i + 1:].mean())
            if after < 0.85 or after < before + 0.2:
                continue
            tail = y.level[i + 1:]
            x.cols = np.concatenate([x.cols, y.cols[i + 1:]])
            x.level = np.concatenate([x.level, tail])
            if x.vertical.size:
                x.vertical = np.concatenate([x.vertical, np.zeros(tail.size, bool)])
            x.coverage = min(1.0, x.coverage + tail.size / width)
            break


def _hidden_under(sub: np.ndarray, others: list, area: tuple, lw: int) -> int:
    """Columns between a chain's first and last where the chain is unseen but a line of another class runs
    at the level the chain holds there (the level of its last seen column): the chain is drawn under it."""
    x0, y0, x1, y1 = area
    lev = _col_levels(sub)
    seen = np.flatnonzero(np.isfinite(lev))
    if seen.size < 2:
        return 0
    cover = np.zeros(sub.shape, bool)
    for o in others:
        cover |= o.mask[y0:y1, x0:x1]
    k = lw + 2
    n = 0
    last = float(lev[seen[0]])
    for j in range(int(seen[0]), int(seen[-1]) + 1):
        if np.isfinite(lev[j]):
            last = float(lev[j])
            continue
        r = int(round(last))
        if cover[max(r - k, 0):r + k + 1, j].any():
            n += 1
    return n


def _rim_of(c: RawCurve, curves: list, lw: int) -> bool:
    """A short grey or light "curve" seen in few of its columns, whose pixels lie mostly beside a longer
    grey-shade line, is that line's JPEG rim and censoring marks (the paler ends of a dark dashed curve's
    ticks), not a curve of its own."""
    import cv2

    if c.cls.chromatic or c.coverage >= 0.3 or not c.mask.any():
        return False
    seen = np.isfinite(c.level)
    if seen.sum() >= 0.1 * seen.size:
        return False
    for o in curves:
        if o is c or o.cls.chromatic or o.coverage <= c.coverage or o.mask.shape != c.mask.shape:
            continue
        k = 4 * lw + 7
        near = cv2.dilate(o.mask.astype(np.uint8), np.ones((k, k), np.uint8)).astype(bool)
        if (c.mask & near).sum() >= 0.6 * c.mask.sum():
            return True
    return False


def _levels(cls: PixelClass, m: np.ndarray, x0: int, y0: int, lw: int, pieces: int, dashed: bool,
            coverage: float) -> RawCurve:
    import cv2

    mu = m.astype(np.uint8)
    hk = max(3, lw + 2)
    hm = cv2.morphologyEx(mu, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (hk, 1))).astype(bool)
    cols = np.flatnonzero(m.any(axis=0))
    c0, c1 = int(cols.min()), int(cols.max())
    level = np.full(c1 - c0 + 1, np.nan)
    top = np.full(c1 - c0 + 1, np.nan)
    bot = np.full(c1 - c0 + 1, np.nan)
    vertical = np.zeros(c1 - c0 + 1, bool)
    prev: float | None = None
    for j, c in enumerate(range(c0, c1 + 1)):
        rows = np.flatnonzero(m[:, c])
        if rows.size == 0:
            continue
        top[j], bot[j] = rows.min(), rows.max()
        hr = np.flatnonzero(hm[:, c])
        if hr.size:
            runs = np.split(hr, np.flatnonzero(np.diff(hr) > 1) + 1)
            centres = [float(np.mean(r)) for r in runs]
            if len(centres) >= 3:
                # the curve between its two confidence limits drawn in the same colour and touching it
                level[j] = centres[len(centres) // 2]
            elif len(centres) == 2 and prev is not None and abs(centres[0] - centres[1]) > 3 * lw + 2:
                pv = float(prev)
                level[j] = min(centres, key=lambda v: abs(v - pv))
            else:
                # the lowest horizontal run: at a drop the new level (right-continuous steps)
                level[j] = centres[-1]
            prev = level[j]
        elif rows.size <= lw + 1:
            level[j] = float(np.mean(rows))
        elif dashed and rows.size >= 3 * lw + 3 and np.any(np.diff(rows) > 1) \
                and (prev is None or rows.min() >= prev - (lw + 1)):
            # vertical strokes alone in their column, starting at the level before and running down (a drop of
            # a dashed or dotted curve; a censoring mark reaches above the level too): the curve falls here, to
            # the strokes' lower end
            level[j] = float(rows.max()) - (lw - 1) / 2.0
            vertical[j] = True
            prev = level[j]
    # censoring marks: the component reaches clearly above and below the level in the same columns
    ext = max(2.0, 1.15 * lw)
    lev_f = _fill(level)
    up = lev_f - top
    dn = bot - lev_f
    mark = (up >= ext) & (dn >= ext)
    mark &= np.isfinite(up) & np.isfinite(dn)
    censor = []
    idx = np.flatnonzero(mark)
    if idx.size:
        groups = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)
        for g in groups:
            censor.append(float(np.mean(g)) + c0 + x0)
    return RawCurve(cls=cls, cols=np.arange(c0, c1 + 1) + x0, level=level + y0, censor_cols=censor, dashed=dashed,
                    n_components=pieces, coverage=coverage, mask=m, offset=(x0, y0), vertical=vertical)


def _follow_middle(curve: RawCurve, lines: list, lw: int) -> None:
    """A curve drawn between its confidence limits in the same colour and line: in every column where the three
    lines are seen apart, the middle one is the curve (elsewhere the level followed along the curve's own
    chain is kept; where lines merge or another colour is drawn over them, the middle is not known)."""
    import cv2

    ox, oy = curve.offset
    m = np.zeros_like(curve.mask)
    for c in lines:
        if c.mask.shape == m.shape and c.offset == curve.offset:
            m |= c.mask
    hk = max(3, lw + 2)
    hm = cv2.morphologyEx(m.astype(np.uint8), cv2.MORPH_OPEN,
                          cv2.getStructuringElement(cv2.MORPH_RECT, (hk, 1))).astype(bool)
    level = curve.level.copy()
    for j, x in enumerate(curve.cols):
        c = int(x) - ox
        if not 0 <= c < hm.shape[1]:
            continue
        hr = np.flatnonzero(hm[:, c])
        if hr.size == 0:
            continue
        runs = np.split(hr, np.flatnonzero(np.diff(hr) > 1) + 1)
        centres = [float(np.mean(r)) for r in runs]
        if len(centres) == 3:
            level[j] = centres[1] + oy
    curve.level = level


def _fill(v: np.ndarray) -> np.ndarray:
    ok = np.isfinite(v)
    if not ok.any():
        return v
    x = np.arange(v.size)
    return np.interp(x, x[ok], v[ok])


def join_pieces(a: RawCurve, b: RawCurve, lw: int) -> bool:
    """One curve read as two of different hues where it crosses a band of another colour (a blue line over a
    yellow band turns teal there): the two are seen mostly in different columns, agree in level where both are
    seen, and together cover clearly more than the first alone. Then `b`'s columns fill `a`'s gaps, in place;
    True when joined. (Whether the figure has fewer arms than curves is for the caller to decide.)"""
    lo, hi = int(min(a.cols[0], b.cols[0])), int(max(a.cols[-1], b.cols[-1]))
    if b.cols[0] < a.cols[0] - 4 * lw - 8 or b.cols[-1] > a.cols[-1] + 4 * lw + 8:
        return False  # b runs on beyond a: a curve of its own, not a's lost stretches
    la, lb = np.full(hi - lo + 1, np.nan), np.full(hi - lo + 1, np.nan)
    la[a.cols - lo], lb[b.cols - lo] = a.level, b.level
    fa, fb = np.isfinite(la), np.isfinite(lb)
    both = fa & fb
    if fb.sum() < 20 or (fb & ~fa).sum() < 0.3 * fb.sum() or (fb & ~fa).sum() < 0.1 * fa.sum():
        return False
    if both.any() and float(np.median(np.abs(la[both] - lb[both]))) > 2 * lw + 4:
        return False
    # where the pieces hand over (one's seen run ends, the other's begins), the level runs on: a step curve
    # is continuous across the hand-over apart from its own drops, most of which are small
    who = np.where(fa, 1, np.where(fb, 2, 0))
    seen = np.flatnonzero(who)
    hand = [abs((la if who[j] == 1 else lb)[j] - (la if who[i] == 1 else lb)[i])
            for i, j in zip(seen[:-1], seen[1:]) if who[i] != who[j] and j - i <= 4 * lw + 8]
    if not hand or float(np.median(hand)) > 3 * lw + 6:
        return False
    vert = np.zeros(hi - lo + 1, bool)
    for c, f in ((b, fb & ~fa), (a, fa)):
        if c.vertical.size == c.cols.size:
            v = np.zeros(hi - lo + 1, bool)
            v[c.cols - lo] = c.vertical
            vert[f] = v[f]
    # coverage is the share of the plot's width seen: the columns seen grow by b's own
    a.coverage = min(1.0, a.coverage * float((fa | fb).sum()) / max(float(fa.sum()), 1.0))
    a.cols, a.level, a.vertical = np.arange(lo, hi + 1), np.where(fa, la, lb), vert
    a.censor_cols = sorted(set(a.censor_cols) | set(b.censor_cols))
    if a.mask.shape == b.mask.shape and a.offset == b.offset:
        a.mask = a.mask | b.mask
    return True
