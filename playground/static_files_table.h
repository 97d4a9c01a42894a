// The page's files as compiled into the program: the table that playground/embed.cmake
// generates at build time from playground/web/ and Chart.js's dist file.
#pragma once

#include <cstddef>

namespace actlab::playground::embedded {

struct Entry {
  const char* path;            // as the browser asks for it: "/index.html"
  const unsigned char* bytes;  // the file's bytes (followed by a 0 that is not part of them)
  std::size_t size;
};

extern const Entry kEntries[];
extern const std::size_t kEntryCount;

}  // namespace actlab::playground::embedded
