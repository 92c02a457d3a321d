#include "social-map/cli.hpp"

#include <CLI/CLI.hpp>
#include <set>

#include "knowledge-base/knowledge_base.hpp"
#include "social-map/social_map.hpp"
#include "social-map/tenant_maps.hpp"

namespace advieslijn::social_map {

void add_cli_commands(CLI::App& map, CliArgs& args) {
    map.require_subcommand(1);
    map.footer("A social map is a directory of *.json files with areas.json at the top (docs/social-map.md).");
    CLI::App* check = map.add_subcommand(
        "check", "Validate a social map: exit 0 when valid, else 1 with one line per problem (file, service id, field)");
    check->add_option("DIR", args.dir, "the map directory")->required()->type_name("");
    check->add_option("--kb", args.kb, "an article set: every topic of a service must be the topic of an article")
        ->type_name("DIR");
    check->callback([&args] { args.command = "check"; });

    CLI::App* search = map.add_subcommand(
        "search", "Print the services for a topic, risk, age and postcode, nearest first, as one JSON object");
    search->add_option("DIR", args.dir, "the map directory")->required()->type_name("");
    search->add_option("--topic", args.topic, "an article topic, e.g. slapen")->type_name("TOPIC");
    search->add_option("--risk", args.risk, "risk categories, comma-separated")->type_name("CATEGORY[,...]");
    search->add_option("--age", args.age, "the child's age: -1 (pregnancy) to 23")
        ->type_name("N")
        ->check(CLI::Range(pregnancy, max_age));
    search->add_option("--postcode", args.postcode, "the family's postcode (1234 or 1234 AB)")->type_name("PC");
    search->add_option("--area", args.area, "the default area (a municipality of areas.json)")->type_name("NAME");
    search->add_option("--limit", args.limit, "at most this many services")
        ->type_name("N")
        ->capture_default_str()
        ->check(CLI::Range(1, static_cast<int>(max_results)));
    search->callback([&args] { args.command = "search"; });
}

int run_cli(const CliArgs& a, std::ostream& out, std::ostream& err) {
    auto loaded = load(a.dir);
    if (loaded.map && a.command == "check" && !a.kb.empty()) {
        auto articles = kb::load(a.kb);
        if (!articles.kb) {
            err << a.kb << ": the article set has problems (see advieslijn kb check)\n";
            return 1;
        }
        std::set<std::string> topics;
        for (const auto& article : articles.kb->articles())
            if (!article.topic.empty()) topics.insert(article.topic);
        loaded.problems = unknown_topics(*loaded.map, topics);
    }
    if (!loaded.problems.empty()) {
        for (const auto& p : loaded.problems) err << to_string(p) << '\n';
        err << loaded.problems.size() << (loaded.problems.size() == 1 ? " problem" : " problems") << " found\n";
        return 1;
    }
    const Map& map = *loaded.map;
    if (a.command == "check") {
        out << "ok: " << map.services().size() << " services, " << map.municipalities().size()
            << " municipalities\n";
        return 0;
    }
    Query q;
    q.topic = a.topic;
    q.age = a.age;
    q.limit = a.limit;
    std::string problem = parse_risks(a.risk, q.risks);
    if (problem.empty() && !a.postcode.empty()) {
        q.postcode = parse_postcode(a.postcode);
        if (!q.postcode) problem = "--postcode: '" + a.postcode + "' is not a Dutch postcode (1234 or 1234 AB)";
    }
    const std::string area = a.area.empty() ? map.municipalities().front().name : a.area;
    if (problem.empty() && !map.municipality(area)) problem = "--area: '" + area + "' is not a municipality of areas.json";
    if (!problem.empty()) {
        err << "advieslijn map search: " << problem << '\n';
        return 2;
    }
    out << to_json(map.search(q, area)).dump(2) << '\n';
    return 0;
}

}  // namespace advieslijn::social_map
