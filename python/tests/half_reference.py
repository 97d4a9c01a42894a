"""The exact value correctly rounded to float16 or bfloat16: the reference of the 16-bit tests
(test_half.py, test_half_torch.py).

Almost everywhere it is actlab's float64 result on the same inputs (exact in float64), rounded
once to the 16-bit format. That is not always the exact value correctly rounded: the float64
result is within a few float64 ULP of the exact value, and where a 16-bit rounding boundary (the
midpoint of two neighbours) lies that near, the float64 value may sit on the wrong side of it or
on it. Inputs made of 16-bit values put results there far more often than chance would:
prelu(0.1) of -5 * 2^-24 is -2^-25 (1 + 2^-54), which float64 rounds to the midpoint -2^-25
and then to 0, where the exact value rounds to -2^-24; dy * silu(40) is dy * 40 less 2e-16, just
under a midpoint for some dy, on it in float64. So where the float64 value lies within 2^-40 of
a boundary (relative), mpmath computes the exact value at 384 bits and decides. Where the exact
value is a simple one (a product of 16-bit values, which can be a boundary itself) and a hair,
the formulas give the two apart (Split), because no fixed precision holds the hair beside it:
up * silu(g) = up * g - up * g * sigmoid(-g), and sigmoid(-g) is e^-g.

Formats are handled on bit patterns (numpy uint16), so numpy's missing bfloat16 does not matter.
"""
import mpmath
import numpy as np

mpmath.mp.prec = 384  # glu's dgate near 0, dy * up * (1/4 - g^2 / 16), needs 2 * 133 bits and more
_DOUBT = 2.0**-40  # float64's few ULP, with room to spare
_TIE = mpmath.mpf(2) ** -300  # closer than this to a boundary is on it: mpmath's own rounding
_HAIR = mpmath.mpf(2) ** -60  # closer than this, a long double's 64 bits may not see the side


class Format:
    def __init__(self, name, bits_to_f32, f32_to_bits):
        self.name = name
        self._to_f32, self._from_f32 = bits_to_f32, f32_to_bits
        inf = int(f32_to_bits(np.array([np.inf], np.float32))[0])
        self.inf_bits = inf
        largest, before = self.values(np.array([inf - 1, inf - 2], np.uint16))
        self._beyond = 2 * largest - before  # the value after the largest, were there one

    def values(self, bits):
        """The values of 16-bit patterns, as float64 (exactly)."""
        with np.errstate(all="ignore"):  # NaN patterns: numpy warns of their casts
            return self._to_f32(np.asarray(bits, np.uint16)).astype(np.float64)

    def round(self, v):
        """float64 values rounded once to nearest, ties to even: their bit patterns."""
        with np.errstate(all="ignore"):  # overflow to inf is the rounding asked for
            return self._from_f32(_round_to_odd_f32(np.asarray(v, np.float64)))

    def _magnitudes(self, k):
        """values(k) for magnitude patterns k, the one past the largest (inf's) as _beyond."""
        k = np.asarray(k, np.int64)
        out = self.values(np.minimum(k, self.inf_bits - 1).astype(np.uint16))
        return np.where(k >= self.inf_bits, self._beyond, out)


def _round_to_odd_f32(v):
    """v rounded to float32 toward zero, the last bit set where inexact: rounding that once more,
    to a format two or more bits narrower, is rounding v once (so float64 -> float32 -> 16 bits
    without double rounding)."""
    f = v.astype(np.float32)
    inexact = np.isfinite(v) & (f.astype(np.float64) != v)
    away = inexact & (np.abs(f.astype(np.float64)) > np.abs(v))
    f = np.where(away, np.nextafter(f, np.float32(0)), f)
    bits = f.view(np.uint32) | np.where(inexact, np.uint32(1), np.uint32(0))
    return bits.astype(np.uint32).view(np.float32)


def _bf16_from_f32(f):
    b = np.asarray(f, np.float32).view(np.uint32).astype(np.uint64)
    rounded = ((b + 0x7FFF + ((b >> 16) & 1)) >> 16).astype(np.uint16)
    quiet_nan = ((b >> 16) | 0x40).astype(np.uint16)
    return np.where(np.isnan(f), quiet_nan, rounded)


FLOAT16 = Format("float16", lambda b: b.view(np.float16).astype(np.float32),
                 lambda f: np.asarray(f, np.float32).astype(np.float16).view(np.uint16))
BFLOAT16 = Format("bfloat16", lambda b: (b.astype(np.uint32) << 16).view(np.float32), _bf16_from_f32)


class Rounded:
    """rounded()'s answer: `bits`, the reference's patterns; `doubt`, the flat indices where mpmath
    decided; `f64_wrong`, how many of those the float64 value rounded wrongly; `hairs`, the
    indices whose exact value is within 2^-60 of a boundary without being on it, closer than a
    long double's 64 bits may see, and `other`, the pattern on the boundary's other side of each."""

    def __init__(self, bits, doubt, f64_wrong, hairs, other):
        self.bits, self.doubt, self.f64_wrong, self.hairs, self.other = bits, doubt, f64_wrong, hairs, other


def rounded(fmt, f64, exact):
    """The exact values correctly rounded (a Rounded): f64 (actlab's float64 results) rounded once,
    except where that is in doubt, where exact(i), an mpmath value of element i (flat index),
    decides."""
    f64 = np.asarray(f64, np.float64)
    bits = fmt.round(f64).ravel()
    flat = f64.ravel()
    a = np.abs(flat)
    k = (bits & 0x7FFF).astype(np.int64)
    here = fmt._magnitudes(k)
    up = (here + fmt._magnitudes(k + 1)) / 2  # the boundaries above and below the rounded value
    down = np.where(k > 0, (here + fmt._magnitudes(np.maximum(k - 1, 0))) / 2, -np.inf)
    with np.errstate(invalid="ignore"):
        boundary = np.where(np.abs(a - up) <= np.abs(a - down), up, down)
        doubt = np.flatnonzero(np.isfinite(flat) & (a > 0) & (np.abs(a - boundary) <= a * _DOUBT))
    f64_wrong, hairs, other = 0, [], []
    for i in doubt:
        m = boundary[i]
        lower = int(k[i] if m == up[i] else k[i] - 1)  # the magnitudes on either side of m
        v = exact(int(i))
        lead, rest = (v.lead, v.rest) if isinstance(v, Split) else (v, mpmath.mpf(0))
        total, mm = lead + rest, mpmath.mpf(m)
        sign = 0x8000 if total < 0 else 0
        if abs(lead) == mm:  # on the boundary but for the hair: its sign is the side
            beyond = rest if lead > 0 else -rest
        else:
            beyond = abs(total) - mm
            beyond = 0 if abs(beyond) < mm * _TIE else beyond
        if beyond > 0:
            new = (lower + 1) | sign
        elif beyond < 0:
            new = lower | sign
        else:  # on it: to the even
            new = (lower if lower % 2 == 0 else lower + 1) | sign
        if total == 0:
            new = 0
        elif beyond != 0 and abs(beyond) < mm * _HAIR:
            hairs.append(int(i))
            other.append(((lower + 1) | sign) if new == lower | sign else lower | sign)
        f64_wrong += int(fmt.values(np.array([new]))[0] != fmt.values(np.array([bits[i]]))[0])
        bits[i] = new
    return Rounded(bits.reshape(f64.shape), doubt, f64_wrong, np.array(hairs, np.int64), np.array(other, np.uint16))


class Split:
    """An exact value as lead + rest: lead exact (x, 1), rest computed apart, so that it is not
    lost beside lead. Multiplying by a number scales both."""

    def __init__(self, lead, rest):
        self.lead, self.rest = lead, rest

    def __mul__(self, k):
        return Split(k * self.lead, k * self.rest)

    __rmul__ = __mul__

    def __float__(self):
        return float(self.lead + self.rest)


# ---- exact formulas, on mpmath values: f, f' and f' from y (None: not a function of y) ----
# For x > 0, those that tend to x (silu, gelu) and their slopes to 1 are Splits: x less x times
# the tail that underflows beside 1 (sigmoid(-x), Phi(-x)).

mp = mpmath


def _sigmoid(x):
    return 1 / (1 + mp.exp(-x))


def _swish(beta):
    beta = mp.mpf(beta)

    def f(x):
        return Split(x, -x * _sigmoid(-beta * x)) if x > 0 else x * _sigmoid(beta * x)

    def df(x):  # sigma(bx) + bx sigma(bx) sigma(-bx) = 1 + sigma(-bx) (bx sigma(bx) - 1)
        s, t = _sigmoid(beta * x), _sigmoid(-beta * x)
        return Split(mp.mpf(1), t * (beta * x * s - 1)) if x > 0 else s + beta * x * s * t

    return f, df, None


def _gelu(x):
    return Split(x, -x * mp.ncdf(-x)) if x > 0 else x * mp.ncdf(x)


def _gelu_slope(x):  # Phi(x) + x phi(x) = 1 + (x phi(x) - Phi(-x))
    return Split(mp.mpf(1), x * mp.npdf(x) - mp.ncdf(-x)) if x > 0 else mp.ncdf(x) + x * mp.npdf(x)


_C = mp.sqrt(2 / mp.pi)
_C2 = mp.mpf(0.044715)  # the double that gelu-inl.h names


def _gelu_tanh(x):  # x/2 (1 + tanh u) = x sigmoid(2u) = x - x sigmoid(-2u)
    u = _C * (x + _C2 * x**3)
    return Split(x, -x * _sigmoid(-2 * u)) if x > 0 else x * _sigmoid(2 * u)


def _gelu_tanh_slope(x):  # sigmoid(2u) + 2x sigmoid(2u) sigmoid(-2u) u' = 1 + sigmoid(-2u) (2x sigmoid(2u) u' - 1)
    u, du = _C * (x + _C2 * x**3), _C * (1 + 3 * _C2 * x * x)
    s, t = _sigmoid(2 * u), _sigmoid(-2 * u)
    return Split(mp.mpf(1), t * (2 * x * s * du - 1)) if x > 0 else s + 2 * x * s * t * du


_W = mp.mpf(0.1)  # prelu(init=0.1)'s slope, the double 0.1

EXACT = {
    "relu": (lambda x: x if x > 0 else mp.mpf(0), lambda x: mp.mpf(1 if x > 0 else 0),
             lambda y: mp.mpf(1 if y > 0 else 0)),
    "gelu": (_gelu, _gelu_slope, None),
    "gelu(approximate=tanh)": (_gelu_tanh, _gelu_tanh_slope, None),
    "sigmoid": (_sigmoid, lambda x: _sigmoid(x) * _sigmoid(-x), lambda y: y * (1 - y)),
    "silu": _swish(1),
    "swish(beta=1.5)": _swish(1.5),
    "squared_relu": (lambda x: x * x if x > 0 else mp.mpf(0), lambda x: 2 * x if x > 0 else mp.mpf(0),
                     lambda y: 2 * mp.sqrt(y) if y > 0 else mp.mpf(0)),
    "tanh": (mp.tanh, lambda x: 1 - mp.tanh(x) ** 2, lambda y: (1 - y) * (1 + y)),
    "elu": (lambda x: x if x > 0 else mp.expm1(x), lambda x: mp.mpf(1) if x > 0 else mp.exp(x),
            lambda y: mp.mpf(1) if y > 0 else y + 1),
    "softplus": (lambda x: x if x > 20 else mp.log1p(mp.exp(x)), lambda x: mp.mpf(1) if x > 20 else _sigmoid(x),
                 lambda y: mp.mpf(1) if y > 20 else -mp.expm1(-y)),
    "prelu(init=0.1)": (lambda x: x if x > 0 else _W * x, lambda x: mp.mpf(1) if x > 0 else _W,
                        lambda y: mp.mpf(1) if y > 0 else _W),
}
EXACT["sigmoid(tier=fast)"] = EXACT["sigmoid"]  # the fast tier's 16-bit results are exact too
# The gated's f, by spec.
GATE = {"glu": EXACT["sigmoid"], "swiglu": EXACT["silu"], "geglu": EXACT["gelu"], "reglu": EXACT["relu"]}


def mpf(a, i):
    """Element i (flat) of an array, as an exact mpmath value."""
    return mp.mpf(float(np.asarray(a).flat[i]))
