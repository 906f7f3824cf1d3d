import random
r=random.Random(7171)
def ok(d):
    s=sum(int(d[i])*(10-i) for i in range(9)); c=11-s%11
    if c==11: c=0
    return c!=10 and c==int(d[9])
nhs=[];bad=[]
while len(nhs)<45:
    d=''.join(str(r.randint(0,9)) for _ in range(10))
    if d[0]!='0' and ok(d): nhs.append(d)
while len(bad)<45:
    d=''.join(str(r.randint(0,9)) for _ in range(10))
    if not ok(d): bad.append(d)
print('NHS',' '.join(nhs)); print('BAD',' '.join(bad))
