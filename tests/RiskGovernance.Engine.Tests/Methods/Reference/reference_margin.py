"""Independent reference implementation of METHODOLOGY.md sections 1-7, written from the text
alone in plain Python (math.erfc for N, sorting for the tails, mpmath for the symmetric eigen
square root), to check the C# engine. Only the Monte Carlo random stream is a port of the
engine's ScenarioRandom (xoshiro256** seeded by SplitMix64 per (seed, scenario), Marsaglia
polar normals, Marsaglia-Tsang gamma), because bit-level agreement needs the same draws; the
rest of the Monte Carlo pipeline is independent.

Usage: python3 reference_margin.py MARKET PARAMS BOOK METHOD [HISTORY_CSV] > expected.json
Regenerate the C# cases with make_reference_cases.py (needs python3 and mpmath; never run by
the tests)."""
import json, math, sys, csv, datetime
from math import erfc, sqrt, log, exp
def N(x): return 0.5*erfc(-x/sqrt(2))
def V(right,S,sig,K,T):
    tau=T/365
    if tau<=0 or sig<=0: return max(S-K,0) if right=='call' else max(K-S,0)
    sd=sig*sqrt(tau); d1=(log(S/K)+sig*sig*tau/2)/sd; d2=d1-sd
    return S*N(d1)-K*N(d2) if right=='call' else K*N(-d2)-S*N(-d1)
market=json.load(open(sys.argv[1])); P=json.load(open(sys.argv[2])); book=json.load(open(sys.argv[3]))
method=sys.argv[4] if len(sys.argv)>4 else P['method']
px={a['symbol']:a['price'] for a in market['assets']}; vol={a['symbol']:a['volatility'] for a in market['assets']}
A=P['correlation']['assets']; rho=P['correlation']['matrix']; lam=P['correlationStress']; g=P['grid']; sim=P['simulation']
ra=P['assets']
def hc(c): return ra[c]['haircut'] if c in ra else 0.0
Rup=[[(1-lam)*rho[i][j]+lam for j in range(len(A))] for i in range(len(A))]
Rdn=[[(1-lam)*rho[i][j]+(lam if i==j else 0) for j in range(len(A))] for i in range(len(A))]
def grid_scen(u):
    sc=ra[u]['scanRange']; n=g['steps']; out=[]
    for i in range(-n,n+1):
        for sh in ('up','none','down'): out.append((i/n*sc,sh,1.0,i))
    out.append((g['extremeMultiple']*sc,'none',g['extremeCoverage'],None)); out.append((-g['extremeMultiple']*sc,'none',g['extremeCoverage'],None))
    return out
def shocked(u,sh,sig,T):
    p=g['vegaPowerShort'] if T<=30 else g['vegaPowerLong']; s=(30/max(T,g['dteFloorDays']))**p
    if sh=='up': return sig*(1+ra[u]['volUp']*s)
    if sh=='down': return max(sig*(1-ra[u]['volDown']*s), min(sig,g['volFloor']))
    return sig
def grid_unit(u, lin, opts):
    S=px[u]; sig=vol[u]; pnl=[]; plus=minus=None
    for (m,sh,w,i) in grid_scen(u):
        Sp=S*(1+m); v=lin*(Sp-S)
        for (right,K,T,q) in opts: v+=q*(V(right,Sp,shocked(u,sh,sig,T),K,T)-V(right,S,sig,K,T))
        pnl.append((w,v))
        if sh=='none' and i==g['steps']: plus=v
        if sh=='none' and i==-g['steps']: minus=v
    L=max(0,max(-w*v for w,v in pnl)); D=max(-L,min(L,(plus-minus)/2)); return L,D
def units_of(acc):
    units={}
    for c,amt in acc['collateral'].items():
        if c in ra: units.setdefault(c,[0.0,[]]); units[c][0]+=amt
    for p in acc['positions']:
        u=p['asset']; units.setdefault(u,[0.0,[]])
        if p['type']=='perp': units[u][0]+=p['quantity']
        else: units[u][1].append((p['right'],p['strike'],p['expiryDays'],p['quantity']))
    return units
# historical scenarios
def hist_scen():
    closes={}
    for r in csv.DictReader(open(sys.argv[5])):
        closes.setdefault(r['asset'],{})[r['date']]=float(r['close'])
    asof=datetime.date.fromisoformat(market['asOf']); h=sim['horizonDays']; out=[]
    for k in range(sim['historyDays']-1,-1,-1):
        t=asof-datetime.timedelta(days=k); b=t-datetime.timedelta(days=h)
        if all(t.isoformat() in closes.get(a,{}) and b.isoformat() in closes.get(a,{}) for a in A):
            out.append({a: px[a]*(1+closes[a][t.isoformat()]/closes[a][b.isoformat()]-1) for a in A})
    return out, h
def measure(losses):
    s=sorted(losses,reverse=True); m=max(1,math.floor((1-sim['confidence'])*len(s)+1e-9))
    return s[m-1] if sim['measure']=='VaR' else sum(s[:m])/m
def sim_loss(units, scen, h):
    out=[]
    for sp in scen:
        tot=0
        for u,(lin,opts) in units.items():
            tot+=lin*(sp[u]-px[u])
            for (right,K,T,q) in opts: tot+=q*(V(right,sp[u],vol[u],K,max(T-h,0))-V(right,px[u],vol[u],K,T))
        out.append(-tot)
    return out
M64=(1<<64)-1
def mix(z):
    z=((z^(z>>30))*0xBF58476D1CE4E5B9)&M64; z=((z^(z>>27))*0x94D049BB133111EB)&M64; return z^(z>>31)
class Rng:
    def __init__(self,seed,s):
        key=mix(seed&M64)^((s*0xD1B54A32D192ED03)&M64); st=[]
        for _ in range(4):
            key=(key+0x9E3779B97F4A7C15)&M64; st.append(mix(key))
        self.s=st; self.spare=None
    def u64(self):
        s0,s1,s2,s3=self.s; rot=lambda x,k: ((x<<k)|(x>>(64-k)))&M64
        r=(rot((s1*5)&M64,7)*9)&M64; t=(s1<<17)&M64
        s2^=s0; s3^=s1; s1^=s2; s0^=s3; s2^=t; s3=rot(s3,45); self.s=[s0,s1,s2,s3]; return r
    def uni(self): return ((self.u64()>>11)+0.5)*2.0**-53
    def normal(self):
        if self.spare is not None:
            v=self.spare; self.spare=None; return v
        while True:
            u=2*self.uni()-1; v=2*self.uni()-1; q=u*u+v*v
            if 0<q<1: break
        f=sqrt(-2*log(q)/q); self.spare=v*f; return u*f
    def gamma(self,k):
        d=k-1/3; c=1/sqrt(9*d)
        while True:
            while True:
                x=self.normal(); v=1+c*x
                if v>0: break
            v=v*v*v; u=self.uni()
            if u<1-0.0331*x**4 or log(u)<0.5*x*x+d*(1-v+log(v)): return d*v
import mpmath
def mc_sets():
    n=len(A); N=sim['scenarios']; eps=[]; scale=[]
    for s in range(N):
        r=Rng(sim['seed'],s); eps.append([r.normal() for _ in range(n)])
        nu=sim['degreesOfFreedom']
        scale.append(sqrt((nu-2)/(2*r.gamma(nu/2))) if sim['distribution']=='student-t' else 1.0)
    h=sim['horizonDays']/365; sets=[]
    for R in ([Rup] if lam==0 else [Rup,Rdn]):
        mpmath.mp.dps=30
        w,Vv=mpmath.eigsy(mpmath.matrix(R)); 
        Am=[[float(sum(Vv[i,k]*mpmath.sqrt(max(w[k],0))*Vv[j,k] for k in range(n))) for j in range(n)] for i in range(n)]
        sc=[]
        for s in range(N):
            z=[sum(Am[i][j]*eps[s][j] for j in range(n))*scale[s] for i in range(n)]
            sc.append({a: px[a]*exp(vol[a]*sqrt(h)*z[i]-vol[a]**2*h/2) for i,a in enumerate(A)})
        sets.append(sc)
    return sets, sim['horizonDays']
if method=='historical': scen,h=hist_scen()
if method=='montecarlo': sets,h=mc_sets()
res=[]
for acc in book['accounts']:
    eq=sum(amt*px[c]*(1-hc(c)) for c,amt in acc['collateral'].items())
    som=0
    for p in acc['positions']:
        if p['type']=='perp': eq+=p['quantity']*(px[p['asset']]-p['entryPrice'])
        else:
            eq+=p['quantity']*V(p['right'],px[p['asset']],vol[p['asset']],p['strike'],p['expiryDays'])
            if p['quantity']<0: som+=abs(p['quantity'])*px[p['asset']]
    som*=P['shortOptionMinimum']
    units=units_of(acc)
    items=[]
    for c,amt in acc['collateral'].items():
        if c in ra: items.append((c,amt,[],0))
    for p in acc['positions']:
        if p['type']=='perp': items.append((p['asset'],p['quantity'],[],0))
        else: items.append((p['asset'],0.0,[(p['right'],p['strike'],p['expiryDays'],p['quantity'])], P['shortOptionMinimum']*abs(p['quantity'])*px[p['asset']] if p['quantity']<0 else 0))
    if method=='grid':
        LD={u:grid_unit(u,lin,opts) for u,(lin,opts) in units.items()}
        def Agg(R):
            q=sum(R[A.index(a)][A.index(b)]*LD[a][1]*LD[b][1] for a in LD for b in LD)
            return sqrt(max(0,q))+sum(L-abs(D) for L,D in LD.values())
        risk=max(Agg(Rup),Agg(Rdn)) if LD else 0.0
        byasset={u:LD[u][0] for u in LD}
        iso=sum(max(grid_unit(u,lin,opts)[0],s) for u,lin,opts,s in items)
    elif method=='montecarlo':
        risk=max([0]+[measure(sim_loss(units,sc,h)) for sc in sets]) if units else 0.0
        byasset={u:max([0]+[measure(sim_loss({u:units[u]},sc,h)) for sc in sets]) for u in units}
        iso=sum(max(max([0]+[measure(sim_loss({u:[lin,opts]},sc,h)) for sc in sets]),s) for u,lin,opts,s in items)
    else:
        risk=max(0,measure(sim_loss(units,scen,h))) if units else 0.0
        byasset={u:max(0,measure(sim_loss({u:units[u]},scen,h))) for u in units}
        iso=sum(max(max(0,measure(sim_loss({u:[lin,opts]},scen,h))),s) for u,lin,opts,s in items)
    im=P['imMultiplier']*max(risk,som)
    res.append(dict(id=acc['id'],equity=eq,risk=risk,initialMargin=im,isolatedInitialMargin=P['imMultiplier']*iso,riskByAsset=byasset))
json.dump(res,sys.stdout)
