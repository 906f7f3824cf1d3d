import random
r=random.Random(107)
def ok(d):
    s=sum(int(d[i])*(10-i) for i in range(9)); c=11-s%11
    c=0 if c==11 else c
    return c!=10 and c==int(d[9])
g=[];b=[]
while len(g)<60 or len(b)<60:
    d=''.join(str(r.randint(0,9)) for _ in range(10))
    if d[0]=='0': continue
    (g if ok(d) else b).append(d)
print('GOOD',' '.join(g[:60]));print('BAD',' '.join(b[:60]))
