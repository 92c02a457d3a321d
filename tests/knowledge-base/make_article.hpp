#pragma once

// A Dutch article built in code, for tests that need a small set without files.

#include <string>
#include <vector>

#include "knowledge-base/article.hpp"

inline kb::Article make_article(std::string id, std::string title, std::vector<std::string> questions,
                                std::vector<std::string> keywords, std::string answer) {
    kb::Article a;
    a.id = std::move(id);
    a.lang = "nl";
    a.title = std::move(title);
    a.questions = std::move(questions);
    a.keywords = std::move(keywords);
    a.answer = std::move(answer);
    return a;
}
