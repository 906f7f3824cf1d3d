import random
def ok(d):
    s=sum(int(d[i])*(10-i) for i in range(9)); c=11-s%11
    if c==11: c=0
    return c!=10 and c==int(d[9])
r=random.Random("independent133-numbers-5807")
v=[];b=[]
while len(v)<34:
    d=str(r.randint(1,9))+"".join(str(r.randint(0,9)) for _ in range(9))
    if ok(d): v.append(d)
while len(b)<26:
    d=str(r.randint(1,9))+"".join(str(r.randint(0,9)) for _ in range(9))
    if not ok(d): b.append(d)
print("VALID"); [print(x[:3],x[3:6],x[6:]) for x in v]
print("INVALID"); [print(x) for x in b]
