#pragma once

// Article files: the format of ARCHITECTURE.md and its validation.

#include <string>
#include <string_view>
#include <vector>

#include "common/file_problem.hpp"

namespace kb {

struct Link {
    std::string title;
    std::string url;
};

struct Article {
    std::string id;
    std::string lang;
    std::string title;
    std::vector<std::string> questions;
    std::vector<std::string> keywords;
    std::string answer;
    std::string spoken;  // empty: read out `answer`
    std::string topic;
    // A crisis article (113, Veilig Thuis, 112…): the risk category it is about. A question
    // that finds it is never answered by the bot; the line treats it as a risk signal.
    std::string risk;
    std::vector<Link> links;
    std::string file;  // where it was loaded from, for error messages
};

// One thing wrong with an article set. Empty parts are unknown or not applicable.
using Problem = advieslijn::FileProblem;

// "FILE: article ID: field FIELD: MESSAGE" (the `kb check` line).
std::string to_string(const Problem& p);

// Parses one file's text (an article object or an array of them). Every problem found is
// appended; articles with problems are left out of the returned list.
std::vector<Article> parse_articles(std::string_view json_text, const std::string& file,
                                    std::vector<Problem>& problems);

}  // namespace kb
