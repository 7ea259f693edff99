// COPY ... FROM STDIN and COPY ... TO STDOUT in PostgreSQL's text and CSV
// formats. COPY FROM returns a CopyInState; the connection collects the
// client's data and hands it to CopyIn(), which parses it into the table's
// column types and inserts all rows as one log entry through the table's
// writer (like INSERT). COPY TO formats the rows here; the connection only
// wraps each line in a CopyData message. COPY (SUBSCRIBE ...) TO STDOUT
// returns a CopyOutStream (copy_out_stream.h) over a Subscription instead,
// which formats the rows as the connection pulls them.
#include <unordered_set>

#include "common/value_format.h"
#include "common/value_parse.h"
#include "planner/logical_plan.h"
#include "server/copy_out_stream.h"
#include "server/database.h"
#include "server/statement_executor.h"
#include "server/subscription.h"
#include "server/table_writer.h"
#include "sql/binder/binder.h"

namespace kappa {
namespace {

constexpr const char* kBadCopyFileFormat = "22P04";
constexpr const char* kInvalidParameterValue = "22023";

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

Result<bool> BoolOption(const ast::Option& o) {
  std::string v = Lower(o.value);
  if (v == "true" || v == "on" || v == "1" || v == "t" || v == "yes") return true;
  if (v == "false" || v == "off" || v == "0" || v == "f" || v == "no") return false;
  return Status::Error(sqlstate::kSyntaxError, o.key + " requires a Boolean value", o.location);
}

// Options common to COPY FROM and COPY TO; fills everything but table/targets.
Status ParseOptions(const std::vector<ast::Option>& options, bool from, CopyInState* s) {
  bool have_delim = false, have_null = false, have_quote = false, have_escape = false;
  std::unordered_set<std::string> seen;
  for (const ast::Option& o : options) {
    std::string key = Lower(o.key);
    if (!seen.insert(key).second) {
      return Status::Error(sqlstate::kSyntaxError, "conflicting or redundant options", o.location);
    }
    if (key == "format") {
      std::string v = Lower(o.value);
      if (v == "csv") {
        s->csv = true;
      } else if (v == "text") {
        s->csv = false;
      } else if (v == "binary") {
        return Status::NotSupported("COPY format \"binary\" is not supported", o.location);
      } else {
        return Status::Error(kInvalidParameterValue, "COPY format \"" + o.value + "\" not recognized",
                             o.location);
      }
    } else if (key == "header") {
      if (Lower(o.value) == "match") {
        if (!from) {
          return Status::Error(sqlstate::kFeatureNotSupported,
                               "cannot use \"match\" with HEADER in COPY TO", o.location);
        }
        s->header = true;
      } else {
        KAPPA_ASSIGN_OR_RETURN(s->header, BoolOption(o));
      }
    } else if (key == "delimiter" || key == "quote" || key == "escape") {
      if (o.value.size() != 1) {
        return Status::Error(sqlstate::kFeatureNotSupported,
                             "COPY " + key + " must be a single one-byte character");
      }
      if (key == "delimiter") {
        s->delimiter = o.value[0];
        have_delim = true;
      } else if (key == "quote") {
        s->quote = o.value[0];
        have_quote = true;
      } else {
        s->escape = o.value[0];
        have_escape = true;
      }
    } else if (key == "null") {
      s->null_string = o.value;
      have_null = true;
    } else if (key == "encoding") {
      std::string v = Lower(o.value);
      if (v != "utf8" && v != "utf-8" && v != "unicode") {
        return Status::NotSupported("COPY encoding \"" + o.value + "\" is not supported",
                                    o.location);
      }
    } else if (key == "freeze") {
      KAPPA_RETURN_IF_ERROR(BoolOption(o).status());
    } else {
      return Status::Error(sqlstate::kSyntaxError, "option \"" + o.key + "\" not recognized",
                           o.location);
    }
  }
  if (!s->csv && (have_quote || have_escape)) {
    return Status::Error(sqlstate::kFeatureNotSupported,
                         std::string("COPY ") + (have_quote ? "quote" : "escape") +
                             " available only in CSV mode");
  }
  if (s->csv) {
    if (!have_delim) s->delimiter = ',';
    if (!have_null) s->null_string = "";
    if (have_quote && !have_escape) s->escape = s->quote;
  }
  if (s->delimiter == '\n' || s->delimiter == '\r') {
    return Status::Error(kInvalidParameterValue,
                         "COPY delimiter cannot be newline or carriage return");
  }
  if (s->null_string.find_first_of("\r\n") != std::string::npos) {
    return Status::Error(kInvalidParameterValue,
                         "COPY null representation cannot use newline or carriage return");
  }
  if (s->csv && s->delimiter == s->quote) {
    return Status::Error(kInvalidParameterValue,
                         "COPY delimiter and quote must be different");
  }
  if (!s->csv && s->delimiter == '\\') {
    return Status::Error(kInvalidParameterValue,
                         "COPY delimiter cannot be \"\\\"");
  }
  return Status::OK();
}

// Column indexes of `names` in `t` (all columns if empty).
Result<std::vector<int>> TargetColumns(const TableInfo& t, const std::vector<std::string>& names,
                                       int location) {
  std::vector<int> targets;
  if (names.empty()) {
    for (size_t c = 0; c < t.columns.size(); ++c) targets.push_back(static_cast<int>(c));
    return targets;
  }
  std::unordered_set<int> seen;
  for (const auto& n : names) {
    int c = t.FindColumn(n);
    if (c < 0) {
      return Status::Error(sqlstate::kUndefinedColumn,
                           "column \"" + n + "\" of relation \"" + t.name + "\" does not exist",
                           location);
    }
    if (!seen.insert(c).second) {
      return Status::Error(sqlstate::kDuplicateColumn,
                           "column \"" + n + "\" specified more than once", location);
    }
    targets.push_back(c);
  }
  return targets;
}

// ---------------------------------------------------------------- input

struct Field {
  std::string text;
  bool null = false;
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Text format: one line (without its newline) into fields.
std::vector<Field> SplitTextLine(std::string_view line, const CopyInState& s) {
  std::vector<Field> fields;
  size_t i = 0;
  while (true) {
    // Raw extent of this field.
    size_t start = i;
    while (i < line.size() && line[i] != s.delimiter) {
      if (line[i] == '\\' && i + 1 < line.size()) ++i;
      ++i;
    }
    std::string_view raw = line.substr(start, i - start);
    Field f;
    if (raw == s.null_string) {
      f.null = true;
    } else {
      for (size_t j = 0; j < raw.size(); ++j) {
        char c = raw[j];
        if (c != '\\' || j + 1 >= raw.size()) {
          f.text.push_back(c);
          continue;
        }
        char n = raw[++j];
        switch (n) {
          case 'b': f.text.push_back('\b'); break;
          case 'f': f.text.push_back('\f'); break;
          case 'n': f.text.push_back('\n'); break;
          case 'r': f.text.push_back('\r'); break;
          case 't': f.text.push_back('\t'); break;
          case 'v': f.text.push_back('\v'); break;
          case 'x': {
            int h = j + 1 < raw.size() ? HexValue(raw[j + 1]) : -1;
            if (h < 0) {
              f.text.push_back('x');
              break;
            }
            ++j;
            int h2 = j + 1 < raw.size() ? HexValue(raw[j + 1]) : -1;
            if (h2 >= 0) {
              h = h * 16 + h2;
              ++j;
            }
            f.text.push_back(static_cast<char>(h));
            break;
          }
          default:
            if (n >= '0' && n <= '7') {
              int v = n - '0';
              for (int k = 0; k < 2 && j + 1 < raw.size() && raw[j + 1] >= '0' &&
                              raw[j + 1] <= '7';
                   ++k) {
                v = v * 8 + (raw[++j] - '0');
              }
              f.text.push_back(static_cast<char>(v & 0xff));
            } else {
              f.text.push_back(n);
            }
        }
      }
    }
    fields.push_back(std::move(f));
    if (i >= line.size()) break;
    ++i;  // delimiter
  }
  return fields;
}

// Splits text-format data into records.
std::vector<std::vector<Field>> ParseText(std::string_view data, const CopyInState& s) {
  std::vector<std::vector<Field>> rows;
  size_t pos = 0;
  bool first = true;
  while (pos < data.size()) {
    size_t nl = data.find('\n', pos);
    size_t end = nl == std::string_view::npos ? data.size() : nl;
    std::string_view line = data.substr(pos, end - pos);
    pos = nl == std::string_view::npos ? data.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line == "\\.") break;
    if (first && s.header) {
      first = false;
      continue;
    }
    first = false;
    rows.push_back(SplitTextLine(line, s));
  }
  return rows;
}

// Splits CSV data into records (quoted fields may span lines).
Result<std::vector<std::vector<Field>>> ParseCsv(std::string_view data, const CopyInState& s) {
  std::vector<std::vector<Field>> rows;
  size_t i = 0;
  bool first = true;
  while (i < data.size()) {
    // End-of-data marker: a line holding just \. .
    size_t nl = data.find('\n', i);
    std::string_view line = data.substr(i, (nl == std::string_view::npos ? data.size() : nl) - i);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line == "\\.") break;
    std::vector<Field> record;
    Field f;
    bool quoted_any = false;
    bool in_quotes = false;
    std::string unquoted_raw;  // the field's unquoted characters, for the NULL check
    bool end_record = false;
    while (!end_record) {
      if (i >= data.size()) {
        if (in_quotes) {
          return Status::Error(kBadCopyFileFormat, "unterminated CSV quoted field");
        }
        // The last record may lack its newline.
        if (!quoted_any && f.text == s.null_string) f.null = true;
        record.push_back(std::move(f));
        end_record = true;
        break;
      }
      char c = data[i++];
      if (in_quotes) {
        if (c == s.escape && i < data.size() && data[i] == s.quote) {
          f.text.push_back(s.quote);
          ++i;
        } else if (c == s.escape && s.escape != s.quote && i < data.size() &&
                   data[i] == s.escape) {
          f.text.push_back(s.escape);
          ++i;
        } else if (c == s.quote) {
          in_quotes = false;
        } else {
          f.text.push_back(c);
        }
        continue;
      }
      if (c == s.quote) {
        in_quotes = true;
        quoted_any = true;
      } else if (c == s.delimiter || c == '\n' || c == '\r') {
        if (c == '\r' && i < data.size() && data[i] == '\n') ++i;
        if (!quoted_any && f.text == s.null_string) f.null = true;
        record.push_back(std::move(f));
        f = Field();
        quoted_any = false;
        if (c != s.delimiter) end_record = true;
      } else {
        f.text.push_back(c);
      }
    }
    if (first && s.header) {
      first = false;
      continue;
    }
    first = false;
    rows.push_back(std::move(record));
  }
  return rows;
}

// ---------------------------------------------------------------- output

void AppendTextField(std::string_view v, char delim, std::string* out) {
  for (char c : v) {
    switch (c) {
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\v': out->append("\\v"); break;
      case '\\': out->append("\\\\"); break;
      default:
        if (c == delim) out->push_back('\\');
        out->push_back(c);
    }
  }
}

void AppendCsvField(std::string_view v, const CopyInState& s, bool single_column,
                    std::string* out) {
  bool quote = v == s.null_string || (single_column && v == "\\.");
  for (char c : v) {
    if (c == s.delimiter || c == s.quote || c == '\n' || c == '\r') quote = true;
  }
  if (!quote) {
    out->append(v);
    return;
  }
  out->push_back(s.quote);
  for (char c : v) {
    if (c == s.quote || c == s.escape) out->push_back(s.escape);
    out->push_back(c);
  }
  out->push_back(s.quote);
}

void AppendField(std::string_view v, const CopyInState& s, bool single_column, std::string* out) {
  if (s.csv) {
    AppendCsvField(v, s, single_column, out);
  } else {
    AppendTextField(v, s.delimiter, out);
  }
}

// One row of `c` (its columns `project`) as a COPY line, with its newline.
void FormatCopyLine(const Chunk& c, size_t row, const std::vector<int>& project,
                    const CopyInState& s, std::string* value, std::string* line) {
  const bool single = project.size() == 1;
  for (size_t i = 0; i < project.size(); ++i) {
    if (i > 0) line->push_back(s.delimiter);
    const Column& col = c.columns[project[i]];
    if (col.IsNull(row)) {
      line->append(s.null_string);
      continue;
    }
    value->clear();
    AppendValueText(col, row, value);
    AppendField(*value, s, single, line);
  }
  line->push_back('\n');
}

// COPY (SUBSCRIBE ...) TO STDOUT: the subscription's rows as COPY lines.
class SubscribeCopyStream final : public CopyOutStream {
 public:
  SubscribeCopyStream(std::unique_ptr<Subscription> sub, const CopyInState& format,
                      const std::atomic<bool>* cancel, std::string header)
      : sub_(std::move(sub)), format_(format), cancel_(cancel), header_(std::move(header)) {
    for (size_t c = 0; c < sub_->columns().size(); ++c) project_.push_back(static_cast<int>(c));
  }

  Status Next(std::chrono::milliseconds wait, size_t max_bytes,
              std::vector<std::string>* lines) override {
    if (!header_.empty()) {
      lines->push_back(std::move(header_));
      header_.clear();
    }
    if (max_bytes == 0) {
      if (cancel_->load()) {
        return Status::Error(sqlstate::kQueryCanceled, "canceling statement due to user request");
      }
      return Status::OK();
    }
    // About 64 bytes a row; at least one row.
    const int64_t max_rows = static_cast<int64_t>(std::max<size_t>(1, max_bytes / 64));
    KAPPA_ASSIGN_OR_RETURN(
        Chunk rows, sub_->Fetch(max_rows, std::chrono::steady_clock::now() + wait, cancel_));
    std::string value;
    for (size_t row = 0; row < rows.num_rows; ++row) {
      std::string line;
      FormatCopyLine(rows, row, project_, format_, &value, &line);
      lines->push_back(std::move(line));
    }
    return Status::OK();
  }

 private:
  std::unique_ptr<Subscription> sub_;
  CopyInState format_;
  const std::atomic<bool>* cancel_;
  std::string header_;
  std::vector<int> project_;
};

}  // namespace

Result<StatementResult> StatementExecutor::ExecCopy(const ast::CopyStatement& stmt) {
  auto state = std::make_shared<CopyInState>();
  KAPPA_RETURN_IF_ERROR(ParseOptions(stmt.options, stmt.from, state.get()));
  if (stmt.from) {
    KAPPA_ASSIGN_OR_RETURN(state->table, FindWritableTable(stmt.table, stmt.location, false));
    KAPPA_ASSIGN_OR_RETURN(state->targets,
                           TargetColumns(*state->table, stmt.columns, stmt.location));
    StatementResult r;
    r.copy_columns = static_cast<int>(state->targets.size());
    r.copy_in = std::move(state);
    return r;
  }
  if (stmt.subscribe) {
    KAPPA_ASSIGN_OR_RETURN(std::unique_ptr<Subscription> sub, StartSubscription(*stmt.subscribe));
    const CopyInState& s = *state;
    std::string header;
    if (s.header) {
      const auto& cols = sub->columns();
      for (size_t i = 0; i < cols.size(); ++i) {
        if (i > 0) header.push_back(s.delimiter);
        AppendField(cols[i].name, s, cols.size() == 1, &header);
      }
      header.push_back('\n');
    }
    StatementResult r;
    r.copy_columns = static_cast<int>(sub->columns().size());
    r.copy_stream = std::make_shared<SubscribeCopyStream>(std::move(sub), s, &session_->cancel,
                                                          std::move(header));
    return r;
  }
  // COPY TO: the rows and their column names.
  std::vector<std::string> names;
  std::vector<Chunk> chunks;
  std::vector<int> project;  // columns of the chunks to output
  if (stmt.query) {
    BindContext ctx;
    ctx.catalog = catalog_;
    ctx.param_types = param_types_;
    ctx.param_values = params_;
    KAPPA_ASSIGN_OR_RETURN(BoundQuery q, BindQuery(*stmt.query, ctx));
    param_types_ = ctx.param_types;
    for (size_t c = 0; c < q.plan->columns.size(); ++c) {
      names.push_back(q.plan->columns[c].name);
      project.push_back(static_cast<int>(c));
    }
    KAPPA_ASSIGN_OR_RETURN(chunks, RunPlan(*q.plan));
  } else {
    KAPPA_ASSIGN_OR_RETURN(TableInfoPtr t, FindRelation(stmt.table, stmt.location));
    if (t->kind == RelationKind::kView || t->kind == RelationKind::kMaterializedView) {
      return Status::Error("42809", "cannot copy from view \"" + t->name + "\"",
                           stmt.location);
    }
    KAPPA_ASSIGN_OR_RETURN(project, TargetColumns(*t, stmt.columns, stmt.location));
    for (int c : project) names.push_back(t->columns[c].name);
    KAPPA_ASSIGN_OR_RETURN(chunks, MatchingRows(*t, "", nullptr));
  }
  const CopyInState& s = *state;
  const bool single = project.size() == 1;
  StatementResult r;
  r.copy_out = true;
  r.copy_columns = static_cast<int>(project.size());
  if (s.header) {
    std::string line;
    for (size_t i = 0; i < names.size(); ++i) {
      if (i > 0) line.push_back(s.delimiter);
      AppendField(names[i], s, single, &line);
    }
    line.push_back('\n');
    r.copy_data.push_back(std::move(line));
  }
  int64_t n = 0;
  std::string value;
  for (const Chunk& c : chunks) {
    for (size_t row = 0; row < c.num_rows; ++row) {
      int64_t w = row < c.weights.size() ? c.weights[row] : 1;
      if (w <= 0) continue;
      std::string line;
      FormatCopyLine(c, row, project, s, &value, &line);
      for (int64_t k = 0; k < w; ++k) r.copy_data.push_back(line);
      n += w;
    }
  }
  r.tag = "COPY " + std::to_string(n);
  return r;
}

Result<StatementResult> StatementExecutor::CopyIn(const CopyInState& s, std::string_view data) {
  const TableInfo& t = *s.table;
  std::vector<std::vector<Field>> records;
  if (s.csv) {
    KAPPA_ASSIGN_OR_RETURN(records, ParseCsv(data, s));
  } else {
    records = ParseText(data, s);
  }
  const std::vector<DataType> types = t.Types();
  std::vector<int> source_index(t.columns.size(), -1);
  for (size_t i = 0; i < s.targets.size(); ++i) source_index[s.targets[i]] = static_cast<int>(i);
  std::vector<Value> defaults(t.columns.size());
  for (size_t c = 0; c < t.columns.size(); ++c) {
    if (source_index[c] < 0) {
      KAPPA_ASSIGN_OR_RETURN(defaults[c], DefaultValue(t, static_cast<int>(c)));
    }
  }
  Chunk changes(types);
  std::vector<Value> row(t.columns.size());
  for (const auto& rec : records) {
    if (session_->cancel.load()) {
      return Status::Error(sqlstate::kQueryCanceled, "canceling statement due to user request");
    }
    if (rec.size() < s.targets.size()) {
      return Status::Error(kBadCopyFileFormat, "missing data for column \"" +
                                                   t.columns[s.targets[rec.size()]].name + "\"");
    }
    if (rec.size() > s.targets.size()) {
      return Status::Error(kBadCopyFileFormat, "extra data after last expected column");
    }
    for (size_t c = 0; c < t.columns.size(); ++c) {
      int i = source_index[c];
      if (i < 0) {
        row[c] = defaults[c];
      } else if (rec[i].null) {
        row[c] = Value::Null(types[c]);
      } else {
        Result<Value> v = ParseValue(rec[i].text, types[c]);
        if (!v.ok()) return Status(v.status()).WithoutPosition();
        row[c] = std::move(v).value();
      }
    }
    changes.AppendRow(row);
  }
  const int64_t n = static_cast<int64_t>(changes.num_rows);
  LateOutcome late;
  if (n > 0) {
    auto writer = session_->db->Writer(s.table);
    auto lock = writer->Lock();
    KAPPA_RETURN_IF_ERROR(writer->Apply(changes, &late));
  }
  StatementResult r;
  r.tag = "COPY " + std::to_string(n);
  if (late.late_rows > 0) {
    r.notices.push_back({"NOTICE", "00000", LateRowsNotice(t, late)});
  }
  return r;
}

}  // namespace kappa
