"""The 1,000 x 1,000 daily panel of docs/performance.md ("Many series in one file").

python3 make_panel.py   # writes panel.csv (id,date,sales,promo) and future.csv (id,date,promo: 14 days of plan)

Each series has its own level (5 to 200), a weekly season of its own phase and amplitude, promotions on about one
day in ten (+40%) and noise of 8% of its level.
"""
import datetime
import math
import random

random.seed(7)
start = datetime.date(2021, 1, 1)
with open('panel.csv', 'w') as f, open('future.csv', 'w') as g:
    f.write('id,date,sales,promo\n')
    g.write('id,date,promo\n')
    for s in range(1000):
        level = 5 + 195 * random.random()
        phase = random.random() * 7
        amp = 0.2 + 0.3 * random.random()
        for d in range(1000 + 14):
            promo = 1 if random.random() < 0.1 else 0
            day = start + datetime.timedelta(days=d)
            if d < 1000:
                v = level * (1 + amp * math.sin(2 * math.pi * (d + phase) / 7)) * (1 + 0.4 * promo) \
                    + level * 0.08 * random.gauss(0, 1)
                f.write(f's{s:04d},{day},{v:.3f},{promo}\n')
            else:
                g.write(f's{s:04d},{day},{promo}\n')
