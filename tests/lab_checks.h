// What every experiment's result must have, shared by the lab's tests: the texts, tables with
// full rows, figures whose series pair x with y and whose ids carry the experiment's prefix, and
// a numbers object (finite where the experiment says so).
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "lab/experiments/experiment.h"

namespace actlab::lab {

// Every number in the JSON tree is finite (booleans and strings aside).
inline void ExpectFinite(const nlohmann::json& j, const std::string& where) {
  if (j.is_number()) {
    EXPECT_TRUE(std::isfinite(j.get<double>())) << where;
  } else if (j.is_structured()) {
    for (auto it = j.begin(); it != j.end(); ++it) ExpectFinite(*it, where + "/" + (j.is_object() ? it.key() : "[]"));
  }
}

inline void ExpectWellFormed(const Result& r, const std::string& prefix) {
  EXPECT_FALSE(r.claim.empty()) << prefix;
  EXPECT_FALSE(r.seeds.empty()) << prefix;
  EXPECT_FALSE(r.setup.empty()) << prefix;
  EXPECT_FALSE(r.conclusion.empty()) << prefix;
  ASSERT_FALSE(r.tables.empty()) << prefix;
  for (const Table& t : r.tables) {
    EXPECT_FALSE(t.rows.empty()) << t.caption;
    for (const auto& row : t.rows) EXPECT_EQ(row.size(), t.header.size()) << t.caption;
  }
  ASSERT_FALSE(r.figures.empty()) << prefix;
  std::set<std::string> ids;
  for (const Figure& f : r.figures) {
    EXPECT_EQ(f.id.rfind(prefix, 0), 0u) << f.id;
    EXPECT_TRUE(ids.insert(f.id).second) << "duplicate figure id " << f.id;
    ASSERT_FALSE(f.series.empty()) << f.id;
    for (const Series& s : f.series) {
      EXPECT_FALSE(s.x.empty()) << f.id << ": " << s.label;
      EXPECT_EQ(s.x.size(), s.y.size()) << f.id << ": " << s.label;
    }
  }
  ASSERT_TRUE(r.numbers.is_object() && !r.numbers.empty()) << prefix;
}

}  // namespace actlab::lab
