#pragma once

// `advieslijn kb ...`: lets content editors check and try an article set without a server.

#include <ostream>
#include <string>
#include <vector>

namespace kb {

// args are the words after `kb`:
//   check DIR [--tenant DIR]                 exit 0 when valid; else 1, one line per problem
//   query DIR [--lang L] [--tenant DIR] TEXT one JSON object on out (at most 5 results)
// Usage errors exit 2.
int run_kb_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace kb
