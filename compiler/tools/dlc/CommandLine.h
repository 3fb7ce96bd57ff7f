//===- CommandLine.h - Shared argument handling of dlc's subcommands -*- C++ -*-===//
//
// What `dlc run` and `dlc bench` both need: error reporting in the
// "PROG: error: ..." form with their exit codes, and strict number parsing.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TOOLS_DLC_COMMANDLINE_H
#define DLC_TOOLS_DLC_COMMANDLINE_H

#include "RunCommand.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <ostream>
#include <string>

namespace dlc::tools {

/// Reports errors as "PROG: error: ..."; returns the exit code to use.
class Diagnostics {
public:
  Diagnostics(const std::string &prog, std::ostream &err)
      : prog(prog), err(err) {}
  int usage(const std::string &message) {
    err << prog << ": error: " << message << "\n"
        << "see '" << prog << " --help'\n";
    return RunUsage;
  }
  int error(const std::string &message) {
    err << prog << ": error: " << message << "\n";
    return RunError;
  }

private:
  const std::string &prog;
  std::ostream &err;
};

/// A decimal number of at most `max`, digits only (no sign, no spaces).
inline bool parseUnsigned(const std::string &text, uint64_t max,
                          uint64_t &value) {
  if (text.empty() || text.size() > 20 ||
      !std::all_of(text.begin(), text.end(),
                   [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  errno = 0;
  unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
  if (errno == ERANGE || v > max)
    return false;
  value = v;
  return true;
}

} // namespace dlc::tools

#endif // DLC_TOOLS_DLC_COMMANDLINE_H
