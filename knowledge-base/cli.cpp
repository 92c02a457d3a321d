#include "knowledge-base/cli.hpp"

#include <map>
#include <optional>

#include "knowledge-base/knowledge_base.hpp"

namespace kb {
namespace {

constexpr std::size_t max_cli_results = 5;

void usage(std::ostream& err) {
    err << "usage: advieslijn kb check DIR [--tenant DIR]\n"
           "       advieslijn kb query DIR [--lang nl] [--tenant DIR] TEXT\n";
}

struct cli_args {
    std::string command;
    std::string dir;
    std::optional<std::string> tenant;
    std::string lang = "nl";
    std::string text;
    bool ok = true;
};

cli_args parse(const std::vector<std::string>& args) {
    cli_args a;
    std::vector<std::string> positional;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto& arg = args[i];
        auto value = [&](std::string_view flag) -> std::optional<std::string> {
            if (arg == flag) {
                if (i + 1 >= args.size()) return std::nullopt;
                return args[++i];
            }
            return arg.substr(flag.size() + 1);  // --flag=value
        };
        if (arg == "--lang" || arg.starts_with("--lang=")) {
            auto v = value("--lang");
            if (!v || v->empty()) a.ok = false;
            else a.lang = *v;
        } else if (arg == "--tenant" || arg.starts_with("--tenant=")) {
            auto v = value("--tenant");
            if (!v || v->empty()) a.ok = false;
            else a.tenant = *v;
        } else if (arg == "--") {
            positional.insert(positional.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
            break;
        } else {
            positional.push_back(arg);
        }
    }
    if (positional.size() < 2) {
        a.ok = false;
        return a;
    }
    a.command = positional[0];
    a.dir = positional[1];
    // Unquoted words are one question: `kb query DIR mijn baby huilt`.
    for (std::size_t i = 2; i < positional.size(); ++i) {
        if (!a.text.empty()) a.text += ' ';
        a.text += positional[i];
    }
    if (a.command == "check" && positional.size() != 2) a.ok = false;
    if (a.command == "query" && a.text.empty()) a.ok = false;
    if (a.command != "check" && a.command != "query") a.ok = false;
    return a;
}

}  // namespace

int run_kb_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    auto a = parse(args);
    if (!a.ok) {
        usage(err);
        return 2;
    }
    std::optional<std::filesystem::path> tenant;
    if (a.tenant) tenant = *a.tenant;
    auto loaded = load(a.dir, tenant);
    if (!loaded.kb) {
        for (const auto& p : loaded.problems) err << to_string(p) << '\n';
        err << loaded.problems.size() << (loaded.problems.size() == 1 ? " problem" : " problems")
            << " found\n";
        return 1;
    }
    if (a.command == "check") {
        std::map<std::string, std::size_t> per_lang;
        for (const auto& art : loaded.kb->articles()) ++per_lang[art.lang];
        out << "ok: " << loaded.kb->articles().size() << " articles (";
        bool first = true;
        for (const auto& [lang, n] : per_lang) {
            out << (first ? "" : ", ") << lang << ": " << n;
            first = false;
        }
        out << ")\n";
        return 0;
    }
    out << to_json(loaded.kb->search(a.lang, a.text, max_cli_results)) << '\n';
    return 0;
}

}  // namespace kb
