#include "playground/config.h"

#include <algorithm>
#include <cmath>

#include "actlab/actlab.h"

namespace actlab::playground {

using nlohmann::json;

const std::array<DatasetInfo, 11> kDatasets = {{
    {"circle", DataKind::kClassification, 2},
    {"xor", DataKind::kClassification, 2},
    {"gauss", DataKind::kClassification, 2},
    {"spiral", DataKind::kClassification, 2},
    {"spiral3", DataKind::kClassification, 3},
    {"moons", DataKind::kClassification, 2},
    {"noise", DataKind::kClassification, 2},
    {"plane", DataKind::kRegression, 0},
    {"gauss_regression", DataKind::kRegression, 0},
    {"custom", DataKind::kClassification, 0},
    {"digits", DataKind::kImages, 10},
}};
const std::array<const char*, 7> kFeatures = {"x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"};
const std::array<const char*, 4> kInits = {"xavier", "he", "small", "uniform"};
const std::array<const char*, 3> kLosses = {"mse", "bce", "cross_entropy"};
const std::array<const char*, 3> kOptimizers = {"sgd", "momentum", "adam"};

namespace {

[[noreturn]] void Fail(const std::string& where, const std::string& what) {
  throw ConfigError(where + ": " + what);
}

std::string At(const std::string& where, const std::string& field) {
  return where.empty() ? field : where + "." + field;
}

template <std::size_t N>
std::string OneOf(const std::array<const char*, N>& names) {
  std::string out;
  for (const char* n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

template <std::size_t N>
std::string Choice(const json& body, const std::string& field, const std::string& where,
                   const std::array<const char*, N>& names, const std::string& fallback) {
  const std::string value = Text(body, field, where, 64, fallback);
  if (std::none_of(names.begin(), names.end(), [&](const char* n) { return value == n; })) {
    Fail(At(where, field), "must be one of " + OneOf(names) + ", got '" + value + "'");
  }
  return value;
}

const json& Array(const json& body, const std::string& field, const std::string& where, std::size_t lo,
                  std::size_t hi) {
  const json& a = body.at(field);
  if (!a.is_array()) Fail(At(where, field), "must be an array");
  if (a.size() < lo || a.size() > hi) {
    Fail(At(where, field), "must have " + std::to_string(lo) + " to " + std::to_string(hi) + " entries, got " +
                               std::to_string(a.size()));
  }
  return a;
}

DataConfig ParseData(const json& body, const Limits& limits) {
  const std::string where = "data";
  DataConfig d;
  if (body.is_null()) return d;
  OnlyFields(body, where, {"name", "points", "noise", "test_fraction", "custom"});
  std::string names;
  for (const auto& info : kDatasets) names += (names.empty() ? "" : ", ") + std::string(info.name);
  d.name = Text(body, "name", where, 64, d.name);
  if (std::none_of(kDatasets.begin(), kDatasets.end(), [&](const DatasetInfo& i) { return d.name == i.name; })) {
    Fail(At(where, "name"), "must be one of " + names + ", got '" + d.name + "'");
  }
  d.points = int(Integer(body, "points", where, 10, limits.points, d.points));
  d.noise = Number(body, "noise", where, 0, 0.5, d.noise);
  d.test_fraction = Number(body, "test_fraction", where, 0.1, 0.9, d.test_fraction);
  if (body.contains("custom")) {
    if (d.name != "custom") Fail(At(where, "custom"), "is only for the dataset 'custom'");
    const json& rows = Array(body, "custom", where, 4, std::size_t(limits.points));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const std::string row = At(where, "custom") + "[" + std::to_string(i) + "]";
      if (!rows[i].is_array() || rows[i].size() != 3) Fail(row, "must be [x, y, label]");
      std::array<double, 3> v{};
      for (std::size_t k = 0; k < 3; ++k) {
        if (!rows[i][k].is_number()) Fail(row, "must hold three numbers");
        v[k] = rows[i][k].get<double>();
        if (!std::isfinite(v[k])) Fail(row, "must hold finite numbers");
      }
      if (std::abs(v[0]) > 6 || std::abs(v[1]) > 6) Fail(row, "x and y must be in [-6, 6]");
      d.custom.push_back(v);
    }
  } else if (d.name == "custom") {
    Fail(At(where, "custom"), "is required for the dataset 'custom' (rows of [x, y, label])");
  }
  return d;
}

LayerConfig ParseLayer(const json& body, const std::string& where, const Limits& limits) {
  if (!body.is_object()) Fail(where, "must be an object");
  OnlyFields(body, where, {"units", "activation"});
  LayerConfig l;
  l.units = int(Integer(body, "units", where, 1, limits.units, l.units));
  const std::string spec = Text(body, "activation", where, 200, l.activation);
  try {
    const Activation act = Activation::parse(spec);
    const Layout layout = act.info().layout;
    if (layout != Layout::kElementwise && layout != Layout::kChannels) {
      Fail(At(where, "activation"), std::string(act.info().name) +
                                        " is not offered (softmax belongs to the loss, maxout changes the width)");
    }
    if (layout == Layout::kChannels) {
      const auto slopes = long(act.weights().size());
      if (slopes != 1 && slopes != l.units) {
        Fail(At(where, "activation"), "prelu's num_parameters must be 1 or the layer's units (" +
                                          std::to_string(l.units) + "), got " + std::to_string(slopes));
      }
      if (act.param("inner") != 1) Fail(At(where, "activation"), "prelu's inner must be 1 in a dense layer");
    }
    l.activation = act.spec();
  } catch (const Error& e) {
    Fail(At(where, "activation"), e.what());
  }
  return l;
}

NetworkConfig ParseNetwork(const json& body, const std::string& where, const Limits& limits) {
  if (!body.is_object()) Fail(where, "must be an object");
  OnlyFields(body, where, {"label", "layers", "init", "loss", "optimizer", "lr", "batch", "l1", "l2"});
  NetworkConfig n;
  n.label = Text(body, "label", where, 40, "");
  if (body.contains("layers")) {
    const json& layers = Array(body, "layers", where, 0, std::size_t(limits.layers));
    for (std::size_t i = 0; i < layers.size(); ++i) {
      n.layers.push_back(ParseLayer(layers[i], At(where, "layers") + "[" + std::to_string(i) + "]", limits));
    }
  } else {
    n.layers = {LayerConfig{}, LayerConfig{}};
  }
  n.init = Choice(body, "init", where, kInits, n.init);
  n.loss = Choice(body, "loss", where, kLosses, n.loss);
  n.optimizer = Choice(body, "optimizer", where, kOptimizers, n.optimizer);
  n.lr = Number(body, "lr", where, 1e-6, 10, n.lr);
  n.batch = int(Integer(body, "batch", where, 1, limits.batch, n.batch));
  n.l1 = Number(body, "l1", where, 0, 1, n.l1);
  n.l2 = Number(body, "l2", where, 0, 1, n.l2);
  return n;
}

}  // namespace

void OnlyFields(const json& body, const std::string& where, std::initializer_list<const char*> fields) {
  if (!body.is_object()) Fail(where.empty() ? "body" : where, "must be a JSON object");
  for (const auto& item : body.items()) {
    const std::string& key = item.key();  // a name, not a structured binding: clang 14 cannot capture those
    if (std::none_of(fields.begin(), fields.end(), [&](const char* f) { return key == f; })) {
      std::string known;
      for (const char* f : fields) known += (known.empty() ? "" : ", ") + std::string(f);
      Fail(At(where, key.size() > 64 ? key.substr(0, 64) + "..." : key), "unknown field (known: " + known + ")");
    }
  }
}

double Number(const json& body, const std::string& field, const std::string& where, double lo, double hi,
              double fallback) {
  if (!body.contains(field)) return fallback;
  const json& v = body.at(field);
  if (!v.is_number()) Fail(At(where, field), "must be a number");
  const double x = v.get<double>();
  if (!(x >= lo && x <= hi)) {
    Fail(At(where, field), "must be in [" + json(lo).dump() + ", " + json(hi).dump() + "], got " + v.dump());
  }
  return x;
}

long Integer(const json& body, const std::string& field, const std::string& where, long lo, long hi, long fallback) {
  if (!body.contains(field)) return fallback;
  const json& v = body.at(field);
  if (!v.is_number_integer() && !(v.is_number_float() && v.get<double>() == std::floor(v.get<double>()))) {
    Fail(At(where, field), "must be a whole number");
  }
  const double x = v.get<double>();
  if (!(x >= double(lo) && x <= double(hi))) {
    Fail(At(where, field), "must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + v.dump());
  }
  return long(x);
}

std::string Text(const json& body, const std::string& field, const std::string& where, std::size_t max_length,
                 const std::string& fallback) {
  if (!body.contains(field)) return fallback;
  const json& v = body.at(field);
  if (!v.is_string()) Fail(At(where, field), "must be a string");
  const std::string s = v.get<std::string>();
  if (s.size() > max_length) Fail(At(where, field), "must be at most " + std::to_string(max_length) + " characters");
  return s;
}

DataKind KindOf(const DataConfig& data, int* classes) {
  for (const auto& info : kDatasets) {
    if (data.name != info.name || data.name == "custom") continue;
    *classes = info.classes;
    return info.kind;
  }
  // Custom rows: classes when every label is a whole number 0..9 (two at least), else values.
  double top = 0;
  bool whole = true;
  for (const auto& row : data.custom) {
    whole = whole && row[2] == std::floor(row[2]) && row[2] >= 0 && row[2] <= 9;
    top = std::max(top, row[2]);
  }
  if (whole && top >= 1) {
    *classes = int(top) + 1;
    return DataKind::kClassification;
  }
  *classes = 0;
  return DataKind::kRegression;
}

RunConfig ParseRunConfig(const json& body, const Limits& limits) {
  OnlyFields(body, "", {"seed", "data", "features", "networks", "max_steps"});
  RunConfig c;
  c.seed = std::uint64_t(Integer(body, "seed", "", 0, 1L << 40, long(c.seed)));
  c.data = ParseData(body.contains("data") ? body.at("data") : json(), limits);
  if (body.contains("features")) {
    const json& f = Array(body, "features", "", 1, kFeatures.size());
    c.features.clear();
    for (std::size_t i = 0; i < f.size(); ++i) {
      const std::string where = "features[" + std::to_string(i) + "]";
      if (!f[i].is_string()) Fail(where, "must be a string");
      const std::string name = f[i].get<std::string>();
      if (std::none_of(kFeatures.begin(), kFeatures.end(), [&](const char* k) { return name == k; })) {
        Fail(where, "must be one of " + OneOf(kFeatures) + ", got '" + name.substr(0, 64) + "'");
      }
      if (std::find(c.features.begin(), c.features.end(), name) != c.features.end()) Fail(where, "'" + name + "' twice");
      c.features.push_back(name);
    }
  }
  if (!body.contains("networks")) Fail("networks", "is required (1 to " + std::to_string(limits.networks) + ")");
  const json& nets = Array(body, "networks", "", 1, std::size_t(limits.networks));
  int classes = 0;
  const DataKind kind = KindOf(c.data, &classes);
  for (std::size_t i = 0; i < nets.size(); ++i) {
    const std::string where = "networks[" + std::to_string(i) + "]";
    NetworkConfig n = ParseNetwork(nets[i], where, limits);
    if (n.label.empty()) n.label = "network " + std::to_string(i + 1);
    if (kind == DataKind::kRegression && n.loss != "mse") Fail(where + ".loss", "a regression set takes mse");
    if (n.loss == "bce" && classes != 2) {
      Fail(where + ".loss", "bce is for 2 classes, this set has " + std::to_string(classes) + " (use cross_entropy)");
    }
    c.networks.push_back(std::move(n));
  }
  c.max_steps = Integer(body, "max_steps", "", 1, limits.steps, c.max_steps);
  return c;
}

json ToJson(const RunConfig& c) {
  json data = {{"name", c.data.name}, {"points", c.data.points}, {"noise", c.data.noise},
               {"test_fraction", c.data.test_fraction}};
  if (c.data.name == "custom") data["custom"] = c.data.custom;
  json nets = json::array();
  for (const NetworkConfig& n : c.networks) {
    json layers = json::array();
    for (const LayerConfig& l : n.layers) layers.push_back({{"units", l.units}, {"activation", l.activation}});
    nets.push_back({{"label", n.label}, {"layers", layers}, {"init", n.init}, {"loss", n.loss},
                    {"optimizer", n.optimizer}, {"lr", n.lr}, {"batch", n.batch}, {"l1", n.l1}, {"l2", n.l2}});
  }
  return {{"seed", c.seed}, {"data", data}, {"features", c.features}, {"networks", nets}, {"max_steps", c.max_steps}};
}

}  // namespace actlab::playground
