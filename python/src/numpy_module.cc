// actlab._core: the library's front door for numpy arrays. Arrays go to the kernels without a
// copy when they are float16 / float32 / float64 and C-contiguous (numpy's float16 elements are
// actlab::float16's 16 bits; numpy has no bfloat16); outputs (`out=`) are written in place or
// not at all. The GIL is released while a kernel runs. python/actlab/__init__.py builds the
// public module on top.
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "actlab/accuracy.h"
#include "actlab/actlab.h"
#include "shapes.h"

namespace py = pybind11;

namespace actlab::python {
namespace {

enum class DType { kFloat16, kFloat32, kFloat64 };

std::string Name(const py::dtype& dt) { return dt.attr("name").cast<std::string>(); }
std::string TypeName(py::handle obj) { return py::type::of(obj).attr("__name__").cast<std::string>(); }
const char* Name(DType dtype) {
  return dtype == DType::kFloat16 ? "float16" : dtype == DType::kFloat32 ? "float32" : "float64";
}

// numpy's dtype for each, made once and never released (a static py::dtype would be released
// after the interpreter has gone). pybind11 has no dtype::of for a 16-bit float: by name.
const py::dtype& NumpyDType(DType dtype) {
  static const auto* f16 = new py::dtype("float16");
  static const auto* f32 = new py::dtype(py::dtype::of<float>());
  static const auto* f64 = new py::dtype(py::dtype::of<double>());
  return dtype == DType::kFloat16 ? *f16 : dtype == DType::kFloat32 ? *f32 : *f64;
}

// float16, float32 or float64 in the machine's byte order; anything else is a TypeError naming
// `name`. (numpy's C test of equivalence: per call, Python attribute lookups would cost more.)
DType DTypeOf(const Activation& act, const py::array& a, std::string_view name) {
  const py::dtype dt = a.dtype();
  const auto& numpy = py::detail::npy_api::get();
  for (DType d : {DType::kFloat32, DType::kFloat64, DType::kFloat16}) {
    if (numpy.PyArray_EquivTypes_(dt.ptr(), NumpyDType(d).ptr())) return d;
  }
  const bool native = dt.attr("isnative").cast<bool>();
  throw py::type_error(std::string(act.info().name) + ": " + std::string(name) + " is an array of " +
                       Name(dt) +
                       (native ? "" : " (not in the machine's byte order)") +
                       "; actlab takes float16, float32 or float64 arrays");
}

// numpy's functions, looked up once and never released: a static py::object would be released
// after the interpreter has gone.
py::handle Numpy(const char* name) {
  static auto* numpy = new py::module_(py::module_::import("numpy"));
  return py::object(numpy->attr(name)).release();
}

py::array AsArray(py::handle obj, py::handle dtype = py::none()) {
  static const py::handle asarray = Numpy("asarray");
  return asarray(obj, dtype).cast<py::array>();
}

// An input as the kernels read it: C-contiguous, copied only when it is not. numpy arrays keep
// their dtype (checked by DTypeOf); lists and Python numbers become float64 arrays.
py::array Input(py::handle obj) {
  if (py::isinstance<py::array>(obj)) {
    auto a = py::reinterpret_borrow<py::array>(obj);
    if (a.flags() & py::array::c_style) return a;
    static const py::handle ascontiguous = Numpy("ascontiguousarray");
    return ascontiguous(a).cast<py::array>();
  }
  static const py::handle float64 = Numpy("float64");
  py::array a = AsArray(obj);
  if (a.dtype().kind() != 'f') a = AsArray(obj, float64);
  return a;
}

// f(T{}) with T the element type of the dtype (actlab::float16 for numpy's float16: the same
// 16 bits, so the array's data is read as it is).
template <class F>
void ForType(DType dtype, F&& f) {
  switch (dtype) {
    case DType::kFloat16: return f(float16{});
    case DType::kFloat32: return f(float{});
    case DType::kFloat64: return f(double{});
  }
}

Shape ShapeOf(const py::array& a) { return Shape(a.shape(), a.shape() + a.ndim()); }

[[noreturn]] void Refuse(const Activation& act, std::string_view where, const std::string& what) {
  throw Error(std::string(act.info().name) + "." + std::string(where) + ": " + what);
}

// `out` as given, checked before anything is written; a new array when it is None.
py::array Output(const Activation& act, std::string_view where, py::handle out, const Shape& shape,
                 DType dtype) {
  if (out.is_none()) return py::array(NumpyDType(dtype), shape);
  if (!py::isinstance<py::array>(out)) {
    throw py::type_error(std::string(act.info().name) + "." + std::string(where) +
                         ": out must be a numpy array, got " +
                         TypeName(out));
  }
  auto a = py::reinterpret_borrow<py::array>(out);
  if (DTypeOf(act, a, "out") != dtype) {
    throw py::type_error(std::string(act.info().name) + "." + std::string(where) + ": out is " +
                         Name(a.dtype()) + ", the input is " + Name(dtype));
  }
  if (!(a.flags() & py::array::c_style)) Refuse(act, where, "out must be C-contiguous");
  if (!a.writeable()) Refuse(act, where, "out is read-only");
  if (ShapeOf(a) != shape) {
    Refuse(act, where, "out has shape " + ShapeText(ShapeOf(a)) + ", expected " + ShapeText(shape));
  }
  return a;
}

template <typename T>
std::span<const T> Read(const py::array& a) {
  return {static_cast<const T*>(a.data()), std::size_t(a.size())};
}
template <typename T>
std::span<T> Write(py::array& a) {
  return {static_cast<T*>(a.mutable_data()), std::size_t(a.size())};
}

py::array Forward(const Activation& act, py::handle x_obj, py::handle out) {
  const py::array x = Input(x_obj);
  const DType dtype = DTypeOf(act, x, "x");
  const Shape shape = ShapeOf(x);
  const Shaped shaped(act, shape);
  py::array y = Output(act, "forward", out, OutputShape(act, shape), dtype);
  py::gil_scoped_release release;
  ForType(dtype, [&]<typename T>(T) { shaped.get().forward(Read<T>(x), Write<T>(y)); });
  return y;
}

enum class From { kInput, kOutput };

// dx = dy * f'(x) (from the input x) or f' computed from y (from the output).
py::array Backward(const Activation& act, From from, py::handle v_obj, py::handle dy_obj, py::handle out) {
  const std::string_view where = from == From::kInput ? "backward" : "backward_from_output";
  const py::array v = Input(v_obj), dy = Input(dy_obj);
  const DType dtype = DTypeOf(act, v, from == From::kInput ? "x" : "y");
  if (DTypeOf(act, dy, "dy") != dtype) {
    throw py::type_error(std::string(act.info().name) + "." + std::string(where) + ": dy is " +
                         Name(dy.dtype()) + ", " +
                         (from == From::kInput ? "x" : "y") + " is " + Name(v.dtype()));
  }
  const Shape shape = ShapeOf(v);
  // Before the shape's checks: y's shape is not x's for these, the message would mislead.
  if (from == From::kOutput && (act.info().layout == Layout::kGroups || act.info().layout == Layout::kGated)) {
    Refuse(act, where, "f' is not a function of y; use backward from x");
  }
  const Shaped shaped(act, shape);
  const Shape y_shape = from == From::kInput ? OutputShape(act, shape) : shape;
  if (ShapeOf(dy) != y_shape) {
    Refuse(act, where, "dy has shape " + ShapeText(ShapeOf(dy)) + ", expected " + ShapeText(y_shape));
  }
  py::array dx = Output(act, where, out, shape, dtype);
  py::gil_scoped_release release;
  ForType(dtype, [&]<typename T>(T) {
    if (from == From::kInput) {
      shaped.get().backward(Read<T>(v), Read<T>(dy), Write<T>(dx));
    } else {
      shaped.get().backward_from_output(Read<T>(v), Read<T>(dy), Write<T>(dx));
    }
  });
  return dx;
}

py::array ParamGrad(const Activation& act, py::handle x_obj, py::handle dy_obj) {
  // Before the shape's checks, which would otherwise speak of dy's shape first (the gated).
  if (act.info().learnable.empty()) Refuse(act, "param_grad", "has no learnable parameters");
  const py::array x = Input(x_obj), dy = Input(dy_obj);
  const DType dtype = DTypeOf(act, x, "x");
  if (DTypeOf(act, dy, "dy") != dtype) {
    throw py::type_error(std::string(act.info().name) + ".param_grad: dy is " +
                         Name(dy.dtype()) + ", x is " +
                         Name(x.dtype()));
  }
  const Shape shape = ShapeOf(x);
  const Shaped shaped(act, shape);
  if (ShapeOf(dy) != shape) {
    Refuse(act, "param_grad", "dy has shape " + ShapeText(ShapeOf(dy)) + ", expected " + ShapeText(shape));
  }
  py::array dw = Output(act, "param_grad", py::none(), {std::int64_t(act.weights().size())}, dtype);
  py::gil_scoped_release release;
  ForType(dtype, [&]<typename T>(T) { shaped.get().param_grad(Read<T>(x), Read<T>(dy), Write<T>(dw)); });
  return dw;
}

// The gated (glu, reglu, geglu, swiglu) on two arrays, as a transformer's MLP holds them: the
// gate and up of one shape (any shape: the product is elementwise), one dtype.
struct GatedInputs {
  py::array gate, up;
  DType dtype;
  Shape shape;
};

GatedInputs Gated(const Activation& act, std::string_view where, py::handle gate_obj, py::handle up_obj) {
  if (act.info().layout != Layout::kGated) Refuse(act, where, "is not gated (glu, reglu, geglu, swiglu are)");
  GatedInputs in{Input(gate_obj), Input(up_obj), {}, {}};
  in.dtype = DTypeOf(act, in.gate, "gate");
  if (DTypeOf(act, in.up, "up") != in.dtype) {
    throw py::type_error(std::string(act.info().name) + "." + std::string(where) + ": up is " +
                         Name(in.up.dtype()) + ", gate is " + Name(in.gate.dtype()));
  }
  in.shape = ShapeOf(in.gate);
  if (ShapeOf(in.up) != in.shape) {
    Refuse(act, where, "up has shape " + ShapeText(ShapeOf(in.up)) + ", gate has " + ShapeText(in.shape) +
                           "; they must be the same");
  }
  return in;
}

py::array GatedForward(const Activation& act, py::handle gate_obj, py::handle up_obj, py::handle out) {
  const GatedInputs in = Gated(act, "gated_forward", gate_obj, up_obj);
  py::array y = Output(act, "gated_forward", out, in.shape, in.dtype);
  py::gil_scoped_release release;
  ForType(in.dtype, [&]<typename T>(T) { act.gated_forward(Read<T>(in.gate), Read<T>(in.up), Write<T>(y)); });
  return y;
}

py::tuple GatedBackward(const Activation& act, py::handle gate_obj, py::handle up_obj, py::handle dy_obj) {
  const GatedInputs in = Gated(act, "gated_backward", gate_obj, up_obj);
  const py::array dy = Input(dy_obj);
  if (DTypeOf(act, dy, "dy") != in.dtype) {
    throw py::type_error(std::string(act.info().name) + ".gated_backward: dy is " + Name(dy.dtype()) +
                         ", gate is " + Name(in.gate.dtype()));
  }
  if (ShapeOf(dy) != in.shape) {
    Refuse(act, "gated_backward", "dy has shape " + ShapeText(ShapeOf(dy)) + ", expected that of gate, " +
                                      ShapeText(in.shape));
  }
  py::array dgate = Output(act, "gated_backward", py::none(), in.shape, in.dtype);
  py::array dup = Output(act, "gated_backward", py::none(), in.shape, in.dtype);
  {
    py::gil_scoped_release release;
    ForType(in.dtype, [&]<typename T>(T) {
      act.gated_backward(Read<T>(in.gate), Read<T>(in.up), Read<T>(dy), Write<T>(dgate), Write<T>(dup));
    });
  }
  return py::make_tuple(dgate, dup);
}

// Activation(spec) or Activation(name, param=value, ...): choices by name, numbers as numbers.
Activation Make(const std::string& spec, const py::kwargs& params) {
  Activation act = Activation::parse(spec);
  if (params.empty()) return act;
  if (spec.find('(') != std::string::npos) {
    throw Error(std::string(act.info().name) + ": give parameters in the spec or as keywords, not both");
  }
  std::vector<std::string> names;
  std::vector<double> values;
  for (const auto& [key, value] : params) {
    // lambda is a Python keyword: spelled lambd, as torch spells it.
    const std::string name = py::str(key).cast<std::string>() == "lambd" ? "lambda" : py::str(key).cast<std::string>();
    const ParamInfo* param = nullptr;
    for (const ParamInfo& p : act.info().params) {
      if (p.name == name) param = &p;
    }
    if (param && !param->choices.empty() && py::isinstance<py::str>(value)) {
      const std::string choice = py::str(value);
      const auto it = std::find(param->choices.begin(), param->choices.end(), choice);
      if (it == param->choices.end()) {
        std::string known;
        for (auto c : param->choices) known += (known.empty() ? "" : ", ") + std::string(c);
        throw Error(std::string(act.info().name) + ": " + name + " must be one of " + known + ", got '" +
                    choice + "'");
      }
      values.push_back(double(it - param->choices.begin()));
    } else if (py::isinstance<py::bool_>(value) || !(py::isinstance<py::int_>(value) || py::isinstance<py::float_>(value) ||
                                                     py::hasattr(value, "__float__"))) {
      throw py::type_error(std::string(act.info().name) + ": " + name + " must be a number" +
                           (param && !param->choices.empty() ? " or a choice's name" : "") + ", got " +
                           TypeName(value));
    } else {
      values.push_back(value.cast<double>());
    }
    names.push_back(name);
  }
  std::vector<Activation::Value> given;
  for (std::size_t i = 0; i < names.size(); ++i) given.emplace_back(names[i], values[i]);
  return Activation(act.kind(), given);
}

py::dict ParamDict(const ParamInfo& p) {
  py::dict d;
  d["name"] = std::string(p.name);
  if (p.integer && p.choices.empty()) {
    d["default"] = std::int64_t(p.default_value);
  } else if (p.choices.empty()) {
    d["default"] = p.default_value;
  } else {
    d["default"] = std::string(p.choices[std::size_t(p.default_value)]);
  }
  d["min"] = p.min;
  d["max"] = p.max;
  d["min_inclusive"] = p.min_inclusive;
  d["max_inclusive"] = p.max_inclusive;
  d["integer"] = p.integer;
  py::list choices;
  for (auto c : p.choices) choices.append(std::string(c));
  d["choices"] = choices;
  d["doc"] = std::string(p.doc);
  return d;
}

py::dict InfoDict(const Info& info) {
  const auto text = [](std::string_view s) { return std::string(s); };
  py::dict d;
  d["name"] = text(info.name);
  d["summary"] = text(info.summary);
  d["formula"] = text(info.formula);
  d["formula_latex"] = text(info.formula_latex);
  d["derivative"] = text(info.derivative);
  d["derivative_latex"] = text(info.derivative_latex);
  d["derivative_from_output"] = text(info.derivative_from_output);
  d["range"] = text(info.range);
  d["kinks"] = text(info.kinks);
  const Properties& p = info.properties;
  py::dict props;
  props["monotonic"] = p.monotonic;
  props["smoothness"] = text(p.smoothness);
  props["bounded_above"] = p.bounded_above;
  props["bounded_below"] = p.bounded_below;
  props["zero_centred"] = p.zero_centred;
  props["saturating"] = text(p.saturating);
  props["sparse"] = p.sparse;
  d["properties"] = props;
  py::list params;
  for (const ParamInfo& param : info.params) params.append(ParamDict(param));
  d["params"] = params;
  d["learnable"] = text(info.learnable);
  static constexpr const char* kLayouts[] = {"elementwise", "channels", "groups", "rows", "gated"};
  d["layout"] = kLayouts[static_cast<int>(info.layout)];
  d["ulp_f32"] = info.ulp_f32;
  d["ulp_f64"] = info.ulp_f64;
  d["ulp_f32_backward"] = info.ulp_f32_backward < 0 ? info.ulp_f32 : info.ulp_f32_backward;
  d["ulp_f64_backward"] = info.ulp_f64_backward < 0 ? info.ulp_f64 : info.ulp_f64_backward;
  // -1: no fast math of its own (tier=fast runs the exact kernels).
  d["ulp_f32_fast"] = info.ulp_f32_fast;
  d["ulp_f32_fast_backward"] = info.ulp_f32_fast_backward < 0 ? info.ulp_f32_fast : info.ulp_f32_fast_backward;
  d["seeds"] = text(info.seeds);
  d["reference"] = text(info.reference);
  py::list variants;
  for (auto v : info.variants) variants.append(text(v));
  d["variants"] = variants;
  return d;
}

accuracy::Direction DirectionOf(const std::string& name) {
  if (name == "forward") return accuracy::Direction::kForward;
  if (name == "backward") return accuracy::Direction::kBackward;
  if (name == "from_output") return accuracy::Direction::kFromOutput;
  throw Error("accuracy: direction must be forward, backward or from_output, got '" + name + "'");
}

py::dict ResultDict(const accuracy::Result& r) {
  py::dict d;
  d["max_ulp"] = r.max_ulp;
  d["worst_input"] = r.worst_input;
  d["mean_ulp"] = r.mean_ulp;
  d["count"] = r.count;
  d["not_faithful"] = r.not_faithful;
  d["nan_wrong"] = r.nan_wrong;
  d["nonfinite_for_finite"] = r.nonfinite_for_finite;
  d["first_nonfinite_input"] = r.first_nonfinite_input;
  return d;
}

// The error of fn (None: actlab itself) against the reference, as `actlab accuracy` measures it.
// fn takes a 1-d array of inputs (x, or y for from_output) and returns f, f' or f' from y.
template <typename T>
py::dict Measure(const Activation& act, py::object fn, const accuracy::Options& options) {
  accuracy::Batch<T> batch;
  if (fn.is_none()) {
    if constexpr (sizeof(T) == 4) {
      batch = accuracy::ActlabBatchF32(act, options.direction);
    } else {
      batch = accuracy::ActlabBatchF64(act, options.direction);
    }
  } else {
    batch = [&fn](std::span<const T> in, std::span<T> out) {
      py::gil_scoped_acquire gil;
      py::array_t<T> x(py::ssize_t(in.size()));
      std::copy(in.begin(), in.end(), x.mutable_data());
      const py::array got = Input(fn(x));
      if (std::size_t(got.size()) != out.size() || got.dtype().kind() != 'f' ||
          std::size_t(got.dtype().itemsize()) != sizeof(T)) {
        throw Error("accuracy: fn returned " + ShapeText(ShapeOf(got)) + " of " +
                    Name(got.dtype()) + " for " + std::to_string(in.size()) +
                    " inputs of " + (sizeof(T) == 4 ? "float32" : "float64"));
      }
      std::copy_n(static_cast<const T*>(got.data()), out.size(), out.data());
    };
  }
  py::gil_scoped_release release;  // the references run on every core
  return [&] {
    const accuracy::Result r = accuracy::Measure(act, options, batch);
    py::gil_scoped_acquire gil;
    return ResultDict(r);
  }();
}

// Seconds per call of the library on these very arrays, each of `repeats` calls timed on its
// own, without Python in the loop: what the bindings are measured against (python/bench).
std::vector<double> NativeSeconds(const Activation& act, const std::string& direction, py::handle a_obj,
                                  py::handle b_obj, py::handle out_obj, int repeats) {
  const py::array a = Input(a_obj), b = Input(b_obj);
  py::array out = py::reinterpret_borrow<py::array>(out_obj);
  const DType dtype = DTypeOf(act, a, "x");
  if (DTypeOf(act, b, "dy") != dtype || DTypeOf(act, out, "out") != dtype || !out.writeable()) {
    throw py::type_error("native_seconds: x, dy and out must share one dtype, out writeable");
  }
  const Shaped shaped(act, ShapeOf(a));
  std::vector<double> seconds;
  py::gil_scoped_release release;
  ForType(dtype, [&]<typename T>(T) {
    for (int r = 0; r < repeats; ++r) {
      const auto start = std::chrono::steady_clock::now();
      if (direction == "forward") {
        shaped.get().forward(Read<T>(a), Write<T>(out));
      } else if (direction == "backward") {
        shaped.get().backward(Read<T>(a), Read<T>(b), Write<T>(out));
      } else {
        shaped.get().backward_from_output(Read<T>(a), Read<T>(b), Write<T>(out));
      }
      seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
  });
  return seconds;
}

}  // namespace
}  // namespace actlab::python

PYBIND11_MODULE(_core, m) {
  using namespace actlab;
  using namespace actlab::python;
  m.doc() = "actlab's C++ library for numpy arrays (use the actlab package, not this module)";

  // A refused call: the message names the activation, the argument and what is wrong.
  py::register_exception<Error>(m, "Error", PyExc_ValueError);

  py::class_<Activation>(m, "Activation")
      .def(py::init(&Make), py::arg("spec"))
      .def_property_readonly("spec", &Activation::spec)
      .def_property_readonly("name", [](const Activation& a) { return std::string(a.info().name); })
      .def_property_readonly("info", [](const Activation& a) { return InfoDict(a.info()); })
      .def_property_readonly("tier", [](const Activation& a) { return a.tier() == Tier::kFast ? "fast" : "exact"; })
      .def(
          "ulp_bound",
          [](const Activation& a, const std::string& dtype, bool backward) {
            if (dtype != "float32" && dtype != "float64") throw Error("ulp_bound: dtype must be float32 or float64, got " + dtype);
            return dtype == "float32" ? a.ulp_bound_f32(backward) : a.ulp_bound_f64(backward);
          },
          py::arg("dtype") = "float32", py::arg("backward") = false,
          "the largest error in ULP the tests hold this activation to, for its tier")
      .def_property_readonly("has_backward_from_output", &Activation::has_backward_from_output)
      .def("param", &Activation::param, py::arg("name"))
      .def_property_readonly("params", [](const Activation& a) {
        py::dict d;
        for (const ParamInfo& p : a.info().params) {
          const double v = a.param(p.name);
          if (p.integer && p.choices.empty()) {
            d[py::str(std::string(p.name))] = std::int64_t(v);
          } else if (p.choices.empty()) {
            d[py::str(std::string(p.name))] = v;
          } else {
            d[py::str(std::string(p.name))] = std::string(p.choices[std::size_t(v)]);
          }
        }
        return d;
      })
      .def_property_readonly("weights", [](const Activation& a) {
        const auto w = a.weights();
        return py::array_t<double>(py::ssize_t(w.size()), w.data());
      })
      .def("set_weights", [](Activation& a, py::handle values) {
        const py::array v = Input(values);
        if (v.ndim() > 1) throw Error(std::string(a.info().name) + ".set_weights: expected a 1-d array");
        static const py::handle float64 = Numpy("float64");
        const py::array d = AsArray(v, float64);
        a.set_weights(Read<double>(d));
      }, py::arg("values"))
      .def("output_shape", [](const Activation& a, const Shape& shape) {
        return py::tuple(py::cast(OutputShape(a, shape)));
      }, py::arg("shape"))
      .def("forward", &Forward, py::arg("x"), py::arg("out") = py::none())
      .def("backward", [](const Activation& a, py::handle x, py::handle dy, py::handle out) {
        return Backward(a, From::kInput, x, dy, out);
      }, py::arg("x"), py::arg("dy"), py::arg("out") = py::none())
      .def("backward_from_output", [](const Activation& a, py::handle y, py::handle dy, py::handle out) {
        return Backward(a, From::kOutput, y, dy, out);
      }, py::arg("y"), py::arg("dy"), py::arg("out") = py::none())
      .def("param_grad", &ParamGrad, py::arg("x"), py::arg("dy"))
      .def("gated_forward", &GatedForward, py::arg("gate"), py::arg("up"), py::arg("out") = py::none(),
           "the gated (glu, reglu, geglu, swiglu) on two arrays of one shape: up * f(gate)")
      .def("gated_backward", &GatedBackward, py::arg("gate"), py::arg("up"), py::arg("dy"),
           "(dgate, dup) = (dy * up * f'(gate), dy * f(gate)), each of the gate's shape")
      .def("__repr__", [](const Activation& a) { return "actlab.Activation('" + a.spec() + "')"; })
      .def(py::pickle(
          [](const Activation& a) {
            const auto w = a.weights();
            return py::make_tuple(a.spec(), std::vector<double>(w.begin(), w.end()));
          },
          [](const py::tuple& t) {
            if (t.size() != 2) throw Error("actlab.Activation: malformed pickle");
            Activation a = Activation::parse(t[0].cast<std::string>());
            a.set_weights(t[1].cast<std::vector<double>>());
            return a;
          }));

  m.def("catalog", [] {
    py::list out;
    for (const Info& info : catalog()) out.append(InfoDict(info));
    return out;
  }, "Every activation's metadata, in catalogue order.");
  m.def("catalog_specs", &catalog_specs,
        "Every activation at its defaults, the catalogue's variants, and their fast tier where it has "
        "fast math: the specs the tests sweep.");
  m.def("set_num_threads", &set_num_threads, py::arg("n"),
        "Threads for large arrays, for every later call; 0 means all cores.");
  m.def("num_threads", &num_threads);
  m.def("compiled_targets", &compiled_targets);
  m.def("current_target", &current_target);
  m.def("force_target", [](const std::string& name) { force_target(name); }, py::arg("name"));
  m.def("accuracy", [](const Activation& act, py::object fn, const std::string& dtype,
                       const std::string& direction, std::uint64_t samples, double lo, double hi, bool exhaustive) {
    accuracy::Options options{.direction = DirectionOf(direction), .exhaustive = exhaustive,
                              .samples = samples, .lo = lo, .hi = hi};
    if (dtype == "float32") return Measure<float>(act, fn, options);
    if (dtype == "float64") return Measure<double>(act, fn, options);
    throw Error("accuracy: dtype must be float32 or float64, got '" + dtype + "'");
  }, py::arg("act"), py::arg("fn") = py::none(), py::arg("dtype") = "float32",
     py::arg("direction") = "forward", py::arg("samples") = std::uint64_t(1) << 20,
     py::arg("lo") = -INFINITY, py::arg("hi") = INFINITY, py::arg("exhaustive") = false);
  m.def("native_seconds", &NativeSeconds, py::arg("act"), py::arg("direction"), py::arg("a"),
        py::arg("b"), py::arg("out"), py::arg("repeats"));
}
