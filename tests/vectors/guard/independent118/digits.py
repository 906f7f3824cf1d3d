import random
def ok(d):
    s=sum(int(d[i])*(10-i) for i in range(9)); c=11-s%11
    if c==11: c=0
    return c!=10 and c==int(d[9])
r=random.Random(118)
good=[];bad=[]
while len(good)<70 or len(bad)<60:
    d=''.join(str(r.randrange(10)) for _ in range(10))
    if d[0]=='0': continue
    (good if ok(d) else bad).append(d) if (ok(d) and len(good)<70) or (not ok(d) and len(bad)<60) else None
print('NHS',' '.join(good)); print('CLEAN',' '.join(bad))
