// A unified diff from a longest common subsequence of lines (unified_diff.h).
#include "migrate/unified_diff.h"

#include <algorithm>
#include <string_view>
#include <vector>

namespace ift {
namespace {

using Lines = std::vector<std::string_view>;

// Each line with its '\n', so that a last line without one differs from the
// same line with it, as diff(1) sees it.
Lines LinesOf(std::string_view text) {
  Lines out;
  for (size_t b = 0; b < text.size();) {
    size_t e = std::min(text.find('\n', b), text.size() - 1);
    out.push_back(text.substr(b, e - b + 1));
    b = e + 1;
  }
  return out;
}

struct Op {
  char kind;  // ' ', '-', '+'
  int a, b;   // 0-based line of `from` and `to` before this op
  std::string_view line;
};

// The edit script of the lines between a common head and tail, from the
// classic LCS table: a migration changes a few lines of a file of a few
// hundred, so the middle, and the table, stay small.
void Middle(const Lines& x, const Lines& y, size_t head, size_t xe, size_t ye,
            std::vector<Op>& ops) {
  size_t n = xe - head, m = ye - head;
  std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      lcs[i][j] = x[head + i] == y[head + j] ? lcs[i + 1][j + 1] + 1
                                             : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    int a = int(head + i), b = int(head + j);
    if (i < n && j < m && x[head + i] == y[head + j]) {
      ops.push_back({' ', a, b, x[head + i]}), ++i, ++j;
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      ops.push_back({'-', a, b, x[head + i++]});  // deletions first, as diff(1) prints them
    } else {
      ops.push_back({'+', a, b, y[head + j++]});
    }
  }
}

std::vector<Op> EditScript(const Lines& x, const Lines& y) {
  size_t head = 0;
  while (head < x.size() && head < y.size() && x[head] == y[head]) ++head;
  size_t tail = 0;
  while (tail < x.size() - head && tail < y.size() - head &&
         x[x.size() - 1 - tail] == y[y.size() - 1 - tail])
    ++tail;
  std::vector<Op> ops;
  for (size_t k = 0; k < head; ++k) ops.push_back({' ', int(k), int(k), x[k]});
  Middle(x, y, head, x.size() - tail, y.size() - tail, ops);
  for (size_t k = tail; k > 0; --k)
    ops.push_back({' ', int(x.size() - k), int(y.size() - k), x[x.size() - k]});
  return ops;
}

// "a,b" of a hunk header as GNU diff writes it: the line before an empty
// range, and no ",1" for one line.
std::string Range(int start, int count) {
  std::string first = std::to_string(count == 0 ? start : start + 1);
  return count == 1 ? first : first + "," + std::to_string(count);
}

std::string Hunk(const std::vector<Op>& ops, size_t b, size_t e) {
  int from_count = 0, to_count = 0;
  std::string body;
  for (size_t k = b; k < e; ++k) {
    from_count += ops[k].kind != '+';
    to_count += ops[k].kind != '-';
    body += ops[k].kind;
    body += ops[k].line;
    if (!ops[k].line.ends_with('\n')) body += "\n\\ No newline at end of file\n";
  }
  return "@@ -" + Range(ops[b].a, from_count) + " +" + Range(ops[b].b, to_count) + " @@\n" + body;
}

}  // namespace

std::string UnifiedDiff(const std::string& from, const std::string& to,
                        const std::string& from_name, const std::string& to_name, int context) {
  std::vector<Op> ops = EditScript(LinesOf(from), LinesOf(to));
  std::vector<size_t> changes;
  for (size_t k = 0; k < ops.size(); ++k)
    if (ops[k].kind != ' ') changes.push_back(k);
  size_t ctx = size_t(std::max(context, 0));
  std::string out;
  for (size_t c = 0; c < changes.size();) {
    size_t first = changes[c], last = first;
    // Changes closer than 2 x context lines share a hunk, as in diff(1).
    while (++c < changes.size() && changes[c] - last - 1 <= 2 * ctx) last = changes[c];
    out += Hunk(ops, first >= ctx ? first - ctx : 0, std::min(ops.size(), last + ctx + 1));
  }
  return out.empty() ? "" : "--- " + from_name + "\n+++ " + to_name + "\n" + out;
}

}  // namespace ift
