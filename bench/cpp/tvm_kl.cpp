// Plain C++ reference of TVM's KL search (apache/tvm src/relay/quantize/calibrate.cc `MinimizeKL`, itself
// MXNet's `CalibrateComputeCPU`), written the straightforward way the original is: for every half-width i a
// fresh P and "sliced" copy of the window, levels by std::accumulate, Q expanded where P != 0, both smoothed
// (eps = 1e-4 on raw counts, SmoothDistribution) and KL in float with std::log (ComputeEntropy).
// The bench (bench/calibration.ts) compiles it with `g++ -O2` and times it on the very histograms the
// TypeScript sweeps get, so the "≥ 10x a plain C++ -O2 build" budget is measured, not quoted.
//
// stdin: num_bins num_quantized_bins runs, then num_bins int counts.
// stdout: best-of-runs milliseconds, the index of the first minimum (i − num_quantized_bins/2) and its divergence.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <numeric>
#include <vector>
#include <cmath>

// SmoothDistribution: zeros get eps, the others lose eps·zeros/nonzeros; empty result when that fails.
static std::vector<float> Smooth(const std::vector<float>& p, const float eps = 0.0001f) {
  size_t zeros = 0;
  for (float v : p) zeros += (v == 0.f);
  size_t nonzeros = p.size() - zeros;
  if (!nonzeros) return std::vector<float>();
  float eps1 = eps * static_cast<float>(zeros) / static_cast<float>(nonzeros);
  if (eps1 >= 1.0) return std::vector<float>();
  std::vector<float> out = p;
  for (size_t k = 0; k < p.size(); k++) out[k] += p[k] == 0.f ? eps : -eps1;
  return out;
}

// ComputeEntropy: normalise both (float sums), KL with natural log in float.
static float Entropy(float* p, float* q, size_t size) {
  float pSum = std::accumulate(p, p + size, 0.f);
  float qSum = std::accumulate(q, q + size, 0.f);
  float ret = 0;
  for (size_t k = 0; k < size; k++) {
    p[k] /= pSum;
    q[k] /= qSum;
    if (p[k] && q[k]) ret += p[k] * std::log(p[k] / q[k]);
  }
  return ret;
}

static std::vector<float> Divergences(const std::vector<int>& hist, int numBins, int nq) {
  const int zero = numBins / 2;
  const int half = nq / 2;
  std::vector<float> divergence(zero + 1 - half, 0.f);
  std::vector<float> levels(nq, 0.f);
  for (int i = half; i < zero + 1; ++i) {
    const int start = zero - i;
    const int stop = zero + i + 1;
    std::vector<int> sliced(stop - start);
    std::vector<float> p(sliced.size());
    p[0] = 0;
    p.back() = 0;
    for (int j = 0; j < numBins; j++) {
      if (j <= start) p[0] += hist[j];
      else if (j >= stop) p.back() += hist[j];
      else {
        sliced[j - start] = hist[j];
        p[j - start] = hist[j];
      }
    }
    const size_t m = sliced.size() / nq;
    for (int j = 0; j < nq; j++)
      levels[j] = std::accumulate(sliced.begin() + j * m, sliced.begin() + (j + 1) * m, 0);
    levels.back() += std::accumulate(sliced.begin() + nq * m, sliced.end(), 0);
    std::vector<float> q(sliced.size(), 0);
    for (int j = 0; j < nq; j++) {
      const size_t a = j * m;
      const size_t b = j == nq - 1 ? q.size() : (j + 1) * m;
      int norm = std::count_if(sliced.begin() + a, sliced.begin() + b, [](int c) { return c != 0; });
      if (norm)
        for (size_t k = a; k < b; k++)
          if (p[k]) q[k] = levels[j] / norm;
    }
    p = Smooth(p);
    q = Smooth(q);
    if (!q.size()) divergence[i - half] = std::numeric_limits<float>::infinity();
    else divergence[i - half] = Entropy(p.data(), q.data(), p.size());
  }
  return divergence;
}

int main() {
  int numBins = 0, nq = 0, runs = 1;
  if (std::scanf("%d %d %d", &numBins, &nq, &runs) != 3 || numBins < 3 || nq < 3) return 2;
  std::vector<int> hist(numBins);
  for (int j = 0; j < numBins; j++)
    if (std::scanf("%d", &hist[j]) != 1) return 2;
  double best = std::numeric_limits<double>::infinity();
  std::vector<float> div;
  for (int r = 0; r < runs; r++) {
    auto t0 = std::chrono::steady_clock::now();
    div = Divergences(hist, numBins, nq);
    auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  const auto k = std::distance(div.begin(), std::min_element(div.begin(), div.end()));
  std::printf("%.3f %ld %.9g\n", best, static_cast<long>(k), static_cast<double>(div[k]));
  return 0;
}
