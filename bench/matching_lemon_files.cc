// The reference a LEMON user would write for `tandem match --participants P
// --scores S`: read the same two files, build s -> mentee (capacity) ->
// mentor (1, cost = best score - score) -> t (capacity), send one unit per
// mentee and
// print the best total score. Usage: matching_lemon_files P S
// network-simplex|cost-scaling. Simple CSV only (no quoted fields): the files
// the whole-process benchmark writes. Exits 1 when every mentee cannot be
// placed (LEMON's st-supply must be met) or on a bad file.
#include <lemon/cost_scaling.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

using Graph = lemon::SmartDigraph;

// The fields of one CSV line (split at commas).
std::vector<std::string_view> Split(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  for (size_t comma; (comma = line.find(',', start)) != std::string_view::npos; start = comma + 1) {
    fields.push_back(line.substr(start, comma - start));
  }
  fields.push_back(line.substr(start));
  return fields;
}

int Column(const std::vector<std::string_view>& header, std::string_view name) {
  for (size_t c = 0; c < header.size(); ++c) {
    if (header[c] == name) return static_cast<int>(c);
  }
  std::cerr << "missing column " << name << "\n";
  std::exit(1);
}

template <typename Algorithm>
int Solve(Graph& g, Graph::ArcMap<long long>& cap, Graph::ArcMap<long long>& cost, Graph::Node s,
          Graph::Node t, long long supply, long long best) {
  Algorithm algorithm(g);
  algorithm.upperMap(cap).costMap(cost).stSupply(s, t, supply);
  if (algorithm.run() != Algorithm::OPTIMAL) {
    std::cerr << "no flow placing every mentee\n";
    return 1;
  }
  std::cout << "{\"matched\":" << supply
            << ",\"total_score\":" << best * supply - algorithm.totalCost() << "}\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: matching_lemon_files PARTICIPANTS SCORES network-simplex|cost-scaling\n";
    return 2;
  }
  std::ios::sync_with_stdio(false);
  Graph g;
  Graph::ArcMap<long long> cap(g), cost(g);
  const Graph::Node s = g.addNode(), t = g.addNode();
  std::unordered_map<std::string, Graph::Node> mentees, mentors;
  long long supply = 0;

  std::ifstream people(argv[1]);
  std::string line;
  std::getline(people, line);
  const std::vector<std::string_view> header = Split(line);
  const int role = Column(header, "role"), id = Column(header, "id");
  const int capacity = Column(header, "capacity");
  while (std::getline(people, line)) {
    const std::vector<std::string_view> f = Split(line);
    const Graph::Node n = g.addNode();
    const long long c = std::atoll(std::string(f[capacity]).c_str());
    if (f[role] == "mentee") {
      mentees.emplace(std::string(f[id]), n);
      const Graph::Arc a = g.addArc(s, n);
      cap[a] = c;
      cost[a] = 0;
      supply += c;
    } else {
      mentors.emplace(std::string(f[id]), n);
      const Graph::Arc a = g.addArc(n, t);
      cap[a] = c;
      cost[a] = 0;
    }
  }

  std::ifstream scores(argv[2]);
  std::getline(scores, line);
  const std::vector<std::string_view> score_header = Split(line);
  const int mentee = Column(score_header, "mentee"), mentor = Column(score_header, "mentor");
  const int score = Column(score_header, "score");
  long long best = 0;
  while (std::getline(scores, line)) {
    const std::vector<std::string_view> f = Split(line);
    const auto e = mentees.find(std::string(f[mentee]));
    const auto r = mentors.find(std::string(f[mentor]));
    if (e == mentees.end() || r == mentors.end()) {
      std::cerr << "unknown id in " << line << "\n";
      return 1;
    }
    const Graph::Arc a = g.addArc(e->second, r->second);
    cap[a] = 1;
    const long long value = std::llround(std::strtod(std::string(f[score]).c_str(), nullptr));
    cost[a] = -value;
    best = std::max(best, value);
  }
  // Costs best - score (non-negative; the same optimum, since every mentee
  // sends one unit): NetworkSimplex pivots far less than on -score.
  for (Graph::ArcIt a(g); a != lemon::INVALID; ++a) {
    if (g.source(a) != s && g.target(a) != t) cost[a] += best;
  }

  const std::string_view algorithm = argv[3];
  if (algorithm == "network-simplex") {
    return Solve<lemon::NetworkSimplex<Graph, long long, long long>>(g, cap, cost, s, t, supply,
                                                                     best);
  }
  if (algorithm == "cost-scaling") {
    return Solve<lemon::CostScaling<Graph, long long, long long>>(g, cap, cost, s, t, supply, best);
  }
  std::cerr << "unknown algorithm " << algorithm << "\n";
  return 2;
}
