// Spec strings: name, or name(value, ...), or name(param=value, ...), positional values in
// Info::params order. Choices are given by name ("gelu(approximate=tanh)"), and so is the tier
// that every activation takes: "sigmoid(tier=fast)".
#include <cctype>
#include <charconv>
#include <string>
#include <vector>

#include "actlab/actlab.h"

namespace actlab {
namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Activation Parse() {
    SkipSpace();
    const std::string_view name = Word();
    if (name.empty()) Error("expected an activation name");
    const Info* info = find(name);
    if (!info) {
      std::string known;
      for (const Info& i : catalog()) known += (known.empty() ? "" : ", ") + std::string(i.name);
      Error("unknown activation '" + std::string(name) + "' (known: " + known + ")");
    }
    std::vector<std::pair<std::string_view, double>> values;
    Tier tier = Tier::kExact;
    bool tier_given = false;
    SkipSpace();
    if (Peek('(')) {
      ++pos_;
      SkipSpace();
      bool named_seen = false;
      for (std::size_t index = 0; !Peek(')'); ++index) {
        if (AtEnd()) Error("missing ')'");
        if (index > 0) {
          Expect(',');
          SkipSpace();
        }
        const std::size_t start = pos_;
        std::string_view key = Word();
        SkipSpace();
        if (!key.empty() && Peek('=')) {
          ++pos_;
          SkipSpace();
          named_seen = true;
        } else {
          pos_ = start;  // a positional value
          key = {};
          if (named_seen) Error("a positional value after a named one");
          if (index >= info->params.size()) {
            Error(std::string(info->name) + " takes " + std::to_string(info->params.size()) +
                  " parameter(s)");
          }
          key = info->params[index].name;
        }
        if (key == "tier" && named_seen) {
          if (tier_given) Error("parameter 'tier' given twice");
          tier_given = true;
          tier = TierValue();
          SkipSpace();
          if (AtEnd()) Error("missing ')'");
          continue;
        }
        const ParamInfo* param = nullptr;
        for (const ParamInfo& p : info->params) {
          if (p.name == key) param = &p;
        }
        if (!param) {
          std::string known;
          for (const auto& p : info->params) known += (known.empty() ? "" : ", ") + std::string(p.name);
          Error("unknown parameter '" + std::string(key) + "' of " + std::string(info->name) +
                " (parameters: " + (known.empty() ? "none" : known) + "; and tier)");
        }
        for (const auto& [k, v] : values) {
          if (k == key) Error("parameter '" + std::string(key) + "' given twice");
        }
        values.emplace_back(param->name, Value(*param));
        SkipSpace();
        if (AtEnd()) Error("missing ')'");
      }
      ++pos_;
      SkipSpace();
    }
    if (!AtEnd()) Error("unexpected '" + std::string(text_.substr(pos_)) + "'");
    return Activation(info->kind, values, tier);
  }

 private:
  Tier TierValue() {
    const std::string_view word = Word();
    if (word == "exact") return Tier::kExact;
    if (word == "fast") return Tier::kFast;
    Error("'" + std::string(word) + "' is not a value of tier (one of: exact, fast)");
  }

  double Value(const ParamInfo& param) {
    if (!param.choices.empty()) {
      const std::string_view word = Word();
      for (std::size_t i = 0; i < param.choices.size(); ++i) {
        if (param.choices[i] == word) return double(i);
      }
      std::string names;
      for (auto c : param.choices) names += (names.empty() ? "" : ", ") + std::string(c);
      Error("'" + std::string(word) + "' is not a value of " + std::string(param.name) + " (one of: " + names + ")");
    }
    double v = 0;
    const char* begin = text_.data() + pos_;
    const char* end = text_.data() + text_.size();
    if (begin != end && *begin == '+') ++begin;  // from_chars takes no leading '+'
    const auto [ptr, ec] = std::from_chars(begin, end, v);
    if (ec == std::errc::result_out_of_range) Error("value of " + std::string(param.name) + " is out of range");
    if (ec != std::errc() || ptr == begin) Error("expected a number for " + std::string(param.name));
    pos_ = ptr - text_.data();
    return v;
  }

  std::string_view Word() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) ++pos_;
    return text_.substr(start, pos_ - start);
  }
  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool AtEnd() const { return pos_ >= text_.size(); }
  bool Peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  void Expect(char c) {
    if (!Peek(c)) Error(std::string("expected '") + c + "'");
    ++pos_;
  }
  [[noreturn]] void Error(const std::string& what) const {
    throw actlab::Error("spec '" + std::string(text_) + "' at column " + std::to_string(pos_ + 1) + ": " + what);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

Activation Activation::parse(std::string_view spec) { return Parser(spec).Parse(); }

}  // namespace actlab
