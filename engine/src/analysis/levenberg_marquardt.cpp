// Levenberg–Marquardt in the manner of MINPACK's lmdif (see the header). Matrices are column-major m × n like
// MINPACK's, accessed through small lambdas; the steps below follow the published algorithm step by step so that
// the path matches SciPy's leastsq.
#include "levenberg_marquardt.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace topospike::analysis::detail {
namespace {

constexpr double kEpsMachine = std::numeric_limits<double>::epsilon();
constexpr double kDwarf = std::numeric_limits<double>::min();

struct Matrix {
    int rows = 0, cols = 0;
    std::vector<double> a;  // column-major
    Matrix(int r, int c) : rows(r), cols(c), a(static_cast<std::size_t>(r) * static_cast<std::size_t>(c), 0.0) {}
    double& operator()(int i, int j) { return a[static_cast<std::size_t>(j) * static_cast<std::size_t>(rows) + static_cast<std::size_t>(i)]; }
    std::span<double> column(int j, int from = 0) {
        return {a.data() + static_cast<std::size_t>(j) * static_cast<std::size_t>(rows) + static_cast<std::size_t>(from),
                static_cast<std::size_t>(rows - from)};
    }
};

std::size_t at(int i) { return static_cast<std::size_t>(i); }

// QR factorisation with column pivoting by Householder reflections (MINPACK qrfac with pivot = true): on return
// the upper triangle of `a` holds R except its diagonal (in rdiag), the lower part the Householder vectors;
// acnorm holds the column norms of the original matrix.
void qrFactor(Matrix& a, std::vector<int>& ipvt, std::vector<double>& rdiag, std::vector<double>& acnorm) {
    const int m = a.rows, n = a.cols;
    std::vector<double> wa(at(n));
    for (int j = 0; j < n; ++j) {
        acnorm[at(j)] = euclideanNorm(a.column(j));
        rdiag[at(j)] = acnorm[at(j)];
        wa[at(j)] = rdiag[at(j)];
        ipvt[at(j)] = j;
    }
    const int minmn = std::min(m, n);
    for (int j = 0; j < minmn; ++j) {
        int kmax = j;
        for (int k = j; k < n; ++k)
            if (rdiag[at(k)] > rdiag[at(kmax)]) kmax = k;
        if (kmax != j) {
            for (int i = 0; i < m; ++i) std::swap(a(i, j), a(i, kmax));
            rdiag[at(kmax)] = rdiag[at(j)];
            wa[at(kmax)] = wa[at(j)];
            std::swap(ipvt[at(j)], ipvt[at(kmax)]);
        }
        double ajnorm = euclideanNorm(a.column(j, j));
        if (ajnorm != 0.0) {
            if (a(j, j) < 0.0) ajnorm = -ajnorm;
            for (int i = j; i < m; ++i) a(i, j) /= ajnorm;
            a(j, j) += 1.0;
            for (int k = j + 1; k < n; ++k) {
                double sum = 0.0;
                for (int i = j; i < m; ++i) sum += a(i, j) * a(i, k);
                const double temp = sum / a(j, j);
                for (int i = j; i < m; ++i) a(i, k) -= temp * a(i, j);
                if (rdiag[at(k)] != 0.0) {
                    const double t = a(j, k) / rdiag[at(k)];
                    rdiag[at(k)] *= std::sqrt(std::max(0.0, 1.0 - t * t));
                    const double ratio = rdiag[at(k)] / wa[at(k)];
                    if (!(0.05 * (ratio * ratio) > kEpsMachine)) {
                        rdiag[at(k)] = euclideanNorm(a.column(k, j + 1));
                        wa[at(k)] = rdiag[at(k)];
                    }
                }
            }
        }
        rdiag[at(j)] = -ajnorm;
    }
}

// Solves min ||(A; D) x − (b; 0)|| given the QR factors of A·P (MINPACK qrsolv): r's upper triangle is R,
// qtb = Qᵀb; sdiag receives the diagonal of S with Pᵀ(AᵀA + DD)P = SᵀS, r's strict lower triangle Sᵀ's.
void qrSolve(Matrix& r, int n, const std::vector<int>& ipvt, const std::vector<double>& diag,
             const std::vector<double>& qtb, std::vector<double>& x, std::vector<double>& sdiag) {
    std::vector<double> wa(at(n));
    for (int j = 0; j < n; ++j) {
        for (int i = j; i < n; ++i) r(i, j) = r(j, i);
        x[at(j)] = r(j, j);
        wa[at(j)] = qtb[at(j)];
    }
    for (int j = 0; j < n; ++j) {
        const int l = ipvt[at(j)];
        if (diag[at(l)] != 0.0) {
            for (int k = j; k < n; ++k) sdiag[at(k)] = 0.0;
            sdiag[at(j)] = diag[at(l)];
            double qtbpj = 0.0;
            for (int k = j; k < n; ++k) {
                if (sdiag[at(k)] == 0.0) continue;
                double sn = 0.0, cs = 0.0;
                if (std::fabs(r(k, k)) < std::fabs(sdiag[at(k)])) {
                    const double cotan = r(k, k) / sdiag[at(k)];
                    sn = 0.5 / std::sqrt(0.25 + 0.25 * (cotan * cotan));
                    cs = sn * cotan;
                } else {
                    const double tn = sdiag[at(k)] / r(k, k);
                    cs = 0.5 / std::sqrt(0.25 + 0.25 * (tn * tn));
                    sn = cs * tn;
                }
                r(k, k) = cs * r(k, k) + sn * sdiag[at(k)];
                const double temp = cs * wa[at(k)] + sn * qtbpj;
                qtbpj = -sn * wa[at(k)] + cs * qtbpj;
                wa[at(k)] = temp;
                for (int i = k + 1; i < n; ++i) {
                    const double t = cs * r(i, k) + sn * sdiag[at(i)];
                    sdiag[at(i)] = -sn * r(i, k) + cs * sdiag[at(i)];
                    r(i, k) = t;
                }
            }
        }
        sdiag[at(j)] = r(j, j);
        r(j, j) = x[at(j)];
    }
    int nsing = n;
    for (int j = 0; j < n; ++j) {
        if (sdiag[at(j)] == 0.0 && nsing == n) nsing = j;
        if (nsing < n) wa[at(j)] = 0.0;
    }
    for (int j = nsing - 1; j >= 0; --j) {
        double sum = 0.0;
        for (int i = j + 1; i < nsing; ++i) sum += r(i, j) * wa[at(i)];
        wa[at(j)] = (wa[at(j)] - sum) / sdiag[at(j)];
    }
    for (int j = 0; j < n; ++j) x[at(ipvt[at(j)])] = wa[at(j)];
}

// Determines the LM parameter `par` so that the scaled step x satisfies ||D x|| ≈ delta (MINPACK lmpar).
void lmParameter(Matrix& r, int n, const std::vector<int>& ipvt, const std::vector<double>& diag,
                 const std::vector<double>& qtb, double delta, double& par, std::vector<double>& x,
                 std::vector<double>& sdiag) {
    std::vector<double> wa1(at(n)), wa2(at(n));
    int nsing = n;
    for (int j = 0; j < n; ++j) {
        wa1[at(j)] = qtb[at(j)];
        if (r(j, j) == 0.0 && nsing == n) nsing = j;
        if (nsing < n) wa1[at(j)] = 0.0;
    }
    for (int j = nsing - 1; j >= 0; --j) {
        wa1[at(j)] /= r(j, j);
        const double temp = wa1[at(j)];
        for (int i = 0; i < j; ++i) wa1[at(i)] -= r(i, j) * temp;
    }
    for (int j = 0; j < n; ++j) x[at(ipvt[at(j)])] = wa1[at(j)];

    int iter = 0;
    for (int j = 0; j < n; ++j) wa2[at(j)] = diag[at(j)] * x[at(j)];
    double dxnorm = euclideanNorm(wa2);
    double fp = dxnorm - delta;
    if (fp <= 0.1 * delta) {
        par = 0.0;
        return;
    }
    double parl = 0.0;
    if (nsing >= n) {
        for (int j = 0; j < n; ++j) {
            const int l = ipvt[at(j)];
            wa1[at(j)] = diag[at(l)] * (wa2[at(l)] / dxnorm);
        }
        for (int j = 0; j < n; ++j) {
            double sum = 0.0;
            for (int i = 0; i < j; ++i) sum += r(i, j) * wa1[at(i)];
            wa1[at(j)] = (wa1[at(j)] - sum) / r(j, j);
        }
        const double temp = euclideanNorm(wa1);
        parl = ((fp / delta) / temp) / temp;
    }
    for (int j = 0; j < n; ++j) {
        double sum = 0.0;
        for (int i = 0; i <= j; ++i) sum += r(i, j) * qtb[at(i)];
        wa1[at(j)] = sum / diag[at(ipvt[at(j)])];
    }
    const double gnorm = euclideanNorm(wa1);
    double paru = gnorm / delta;
    if (paru == 0.0) paru = kDwarf / std::min(delta, 0.1);
    par = std::max(par, parl);
    par = std::min(par, paru);
    if (par == 0.0) par = gnorm / dxnorm;
    for (;;) {
        ++iter;
        if (par == 0.0) par = std::max(kDwarf, 0.001 * paru);
        const double s = std::sqrt(par);
        for (int j = 0; j < n; ++j) wa1[at(j)] = s * diag[at(j)];
        qrSolve(r, n, ipvt, wa1, qtb, x, sdiag);
        for (int j = 0; j < n; ++j) wa2[at(j)] = diag[at(j)] * x[at(j)];
        dxnorm = euclideanNorm(wa2);
        const double previous = fp;
        fp = dxnorm - delta;
        if (std::fabs(fp) <= 0.1 * delta || (parl == 0.0 && fp <= previous && previous < 0.0) || iter == 10) break;
        for (int j = 0; j < n; ++j) {
            const int l = ipvt[at(j)];
            wa1[at(j)] = diag[at(l)] * (wa2[at(l)] / dxnorm);
        }
        for (int j = 0; j < n; ++j) {
            wa1[at(j)] /= sdiag[at(j)];
            const double temp = wa1[at(j)];
            for (int i = j + 1; i < n; ++i) wa1[at(i)] -= r(i, j) * temp;
        }
        const double temp = euclideanNorm(wa1);
        const double parc = ((fp / delta) / temp) / temp;
        if (fp > 0.0) parl = std::max(parl, par);
        if (fp < 0.0) paru = std::min(paru, par);
        par = std::max(parl, par + parc);
    }
}

}  // namespace

double euclideanNorm(std::span<const double> v) {
    constexpr double rdwarf = 3.834e-20, rgiant = 1.304e19;
    double s1 = 0.0, s2 = 0.0, s3 = 0.0, x1max = 0.0, x3max = 0.0;
    const double agiant = rgiant / static_cast<double>(v.size());
    for (double xi : v) {
        const double xabs = std::fabs(xi);
        if (xabs > rdwarf && xabs < agiant) {
            s2 += xabs * xabs;
        } else if (xabs <= rdwarf) {
            if (xabs > x3max) {
                const double q = x3max / xabs;
                s3 = 1.0 + s3 * q * q;
                x3max = xabs;
            } else if (xabs != 0.0) {
                const double q = xabs / x3max;
                s3 += q * q;
            }
        } else {
            if (xabs > x1max) {
                const double q = x1max / xabs;
                s1 = 1.0 + s1 * q * q;
                x1max = xabs;
            } else {
                const double q = xabs / x1max;
                s1 += q * q;
            }
        }
    }
    if (s1 != 0.0) return x1max * std::sqrt(s1 + (s2 / x1max) / x1max);
    if (s2 != 0.0) {
        if (s2 >= x3max) return std::sqrt(s2 * (1.0 + (x3max / s2) * (x3max * s3)));
        return std::sqrt(x3max * ((s2 / x3max) + (x3max * s3)));
    }
    return x3max * std::sqrt(s3);
}

LmResult levenbergMarquardt(const LmFunction& fcn, int m, std::span<double> x, const LmOptions& o) {
    const int n = static_cast<int>(x.size());
    LmResult res;
    if (n <= 0 || m < n || o.ftol < 0.0 || o.xtol < 0.0 || o.gtol < 0.0 || o.maxfev <= 0 || o.factor <= 0.0)
        return res;
    std::vector<double> fvec(at(m)), wa4(at(m)), diag(at(n)), qtf(at(n)), wa1(at(n)), wa2(at(n)), wa3(at(n));
    std::vector<int> ipvt(at(n));
    Matrix fjac(m, n);
    auto evaluate = [&](std::span<const double> p, std::vector<double>& out) {
        fcn(p, out);
        ++res.nfev;
    };
    evaluate(x, fvec);
    double fnorm = euclideanNorm(fvec);
    double par = 0.0, delta = 0.0, xnorm = 0.0;
    const double eps = std::sqrt(std::max(o.epsfcn, kEpsMachine));
    int iter = 1;
    for (;;) {
        // Forward-difference Jacobian.
        for (int j = 0; j < n; ++j) {
            const double temp = x[at(j)];
            double h = eps * std::fabs(temp);
            if (h == 0.0) h = eps;
            x[at(j)] = temp + h;
            evaluate(x, wa4);
            x[at(j)] = temp;
            for (int i = 0; i < m; ++i) fjac(i, j) = (wa4[at(i)] - fvec[at(i)]) / h;
        }
        qrFactor(fjac, ipvt, wa1, wa2);
        if (iter == 1) {
            for (int j = 0; j < n; ++j) {
                diag[at(j)] = wa2[at(j)] == 0.0 ? 1.0 : wa2[at(j)];
                wa3[at(j)] = diag[at(j)] * x[at(j)];
            }
            xnorm = euclideanNorm(wa3);
            delta = o.factor * xnorm;
            if (delta == 0.0) delta = o.factor;
        }
        // Qᵀ fvec; the first n entries go to qtf.
        wa4 = fvec;
        for (int j = 0; j < n; ++j) {
            if (fjac(j, j) != 0.0) {
                double sum = 0.0;
                for (int i = j; i < m; ++i) sum += fjac(i, j) * wa4[at(i)];
                const double temp = -sum / fjac(j, j);
                for (int i = j; i < m; ++i) wa4[at(i)] += fjac(i, j) * temp;
            }
            fjac(j, j) = wa1[at(j)];
            qtf[at(j)] = wa4[at(j)];
        }
        // Scaled gradient norm.
        double gnorm = 0.0;
        if (fnorm != 0.0) {
            for (int j = 0; j < n; ++j) {
                const int l = ipvt[at(j)];
                if (wa2[at(l)] != 0.0) {
                    double sum = 0.0;
                    for (int i = 0; i <= j; ++i) sum += fjac(i, j) * (qtf[at(i)] / fnorm);
                    gnorm = std::max(gnorm, std::fabs(sum / wa2[at(l)]));
                }
            }
        }
        if (gnorm <= o.gtol) res.info = 4;
        if (res.info != 0) return res;
        for (int j = 0; j < n; ++j) diag[at(j)] = std::max(diag[at(j)], wa2[at(j)]);

        for (;;) {
            lmParameter(fjac, n, ipvt, diag, qtf, delta, par, wa1, wa2);
            for (int j = 0; j < n; ++j) {
                wa1[at(j)] = -wa1[at(j)];
                wa2[at(j)] = x[at(j)] + wa1[at(j)];
                wa3[at(j)] = diag[at(j)] * wa1[at(j)];
            }
            const double pnorm = euclideanNorm(wa3);
            if (iter == 1) delta = std::min(delta, pnorm);
            evaluate(wa2, wa4);
            const double fnorm1 = euclideanNorm(wa4);
            double actred = -1.0;
            if (0.1 * fnorm1 < fnorm) actred = 1.0 - (fnorm1 / fnorm) * (fnorm1 / fnorm);
            for (int j = 0; j < n; ++j) {
                wa3[at(j)] = 0.0;
                const double temp = wa1[at(ipvt[at(j)])];
                for (int i = 0; i <= j; ++i) wa3[at(i)] += fjac(i, j) * temp;
            }
            const double temp1 = euclideanNorm(wa3) / fnorm;
            const double temp2 = (std::sqrt(par) * pnorm) / fnorm;
            const double prered = temp1 * temp1 + temp2 * temp2 / 0.5;
            const double dirder = -(temp1 * temp1 + temp2 * temp2);
            double ratio = 0.0;
            if (prered != 0.0) ratio = actred / prered;
            if (!(ratio > 0.25)) {
                double temp = 0.5;
                if (actred < 0.0) temp = 0.5 * dirder / (dirder + 0.5 * actred);
                if (0.1 * fnorm1 >= fnorm || temp < 0.1) temp = 0.1;
                delta = temp * std::min(delta, pnorm / 0.1);
                par = par / temp;
            } else if (!(par != 0.0 && ratio < 0.75)) {
                delta = pnorm / 0.5;
                par = 0.5 * par;
            }
            if (!(ratio < 1e-4)) {
                for (int j = 0; j < n; ++j) {
                    x[at(j)] = wa2[at(j)];
                    wa2[at(j)] = diag[at(j)] * x[at(j)];
                }
                fvec = wa4;
                xnorm = euclideanNorm(wa2);
                fnorm = fnorm1;
                ++iter;
            }
            const bool fConverged = std::fabs(actred) <= o.ftol && prered <= o.ftol && 0.5 * ratio <= 1.0;
            if (fConverged) res.info = 1;
            if (delta <= o.xtol * xnorm) res.info = fConverged ? 3 : 2;
            if (res.info != 0) return res;
            if (res.nfev >= o.maxfev) res.info = 5;
            if (std::fabs(actred) <= kEpsMachine && prered <= kEpsMachine && 0.5 * ratio <= 1.0) res.info = 6;
            if (delta <= kEpsMachine * xnorm) res.info = 7;
            if (gnorm <= kEpsMachine) res.info = 8;
            if (res.info != 0) return res;
            if (!(ratio < 1e-4)) break;
        }
    }
}

}  // namespace topospike::analysis::detail
