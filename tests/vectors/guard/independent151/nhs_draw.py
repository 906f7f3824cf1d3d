# Seeded draw of the NHS numbers (modulus 11 valid) and the clean 10-digit numbers (modulus 11 invalid)
# typed into the hand-written lines. This is the only randomness used for the corpus.
import random
def ok(d):
    s=sum(int(d[i])*(10-i) for i in range(9)); c=11-s%11
    if c==11: c=0
    return c!=10 and c==int(d[9])
r=random.Random(151151)
good=[];bad=[]
while len(good)<40:
    d=''.join(str(r.randint(0,9)) for _ in range(9))
    s=sum(int(d[i])*(10-i) for i in range(9)); c=11-s%11
    if c==11:c=0
    if c==10 or d[0]=='0': continue
    good.append(d+str(c))
while len(bad)<30:
    d=''.join(str(r.randint(0,9)) for _ in range(10))
    if d[0]!='0' and not ok(d): bad.append(d)
print('GOOD', ' '.join(good)); print('BAD', ' '.join(bad))
