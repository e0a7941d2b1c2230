# ruff: noqa: E501 - stories are paragraphs, one a line
"""Stories for bench/reanchor.py, written for this project (no outside text).

Each is the kind of item a desk corrects after publication: quotes with curly and
straight marks, dashes, datelines, numbers, names repeated across paragraphs.
"""

from __future__ import annotations

STORIES = [
    """HALDEN BAY — The regional fisheries tribunal on Monday rejected a request by three trawler companies to exclude themselves from “compulsory binding procedures” over the new catch limits, ending a dispute that has dragged on since spring.

The ministry called the companies’ argument “ill-founded” and said the limits would stay in force until at least 2027. “Nobody is above the quota,” said Ingrid Solvang, the deputy minister. “The stocks are not a private bank account.”

The companies had argued that their licences, issued in 1998, predated the rules. Their lawyer, Petter Aas, said the ruling was “a disappointment but not a surprise” and that his clients would consider an appeal.

Catches of cod in the bay fell by a fifth last year, according to the tribunal’s own figures. Scientists at the marine institute said the decline was the steepest in two decades.

“We warned about this in 2019, and again in 2021,” said Kari Lunde, who leads the institute’s survey team. “If the limits are lifted now, there will be nothing left to argue about.”

Fishermen in the harbour were divided. Some said the limits protected their children’s jobs; others said they would not survive another season. “I have a boat, a loan and a family,” said Tor Engen, 54. “The tribunal has only one of those problems.”

The tribunal will publish its full reasons within 30 days.""",
    """PORT ELLIS — The city council voted 7–2 on Thursday to raise water tariffs by 12 per cent from July, the first increase in six years.

Council member Amira Haddad, who proposed the rise, said the network was “held together with tape and hope.” She said 40 per cent of the city’s pipes were more than 60 years old and that leaks cost the utility about $3 million a year.

Opponents said the increase would hit pensioners hardest. “People on fixed incomes cannot absorb another bill,” said council member Rob Ferrante, who voted against. “We should have found the money elsewhere.”

The utility’s director, Lena Ostrowski, told the council that without the increase the utility would have to delay repairs on the eastern trunk main. “We are one cold winter away from a serious failure,” she said.

A coalition of tenants’ groups said it would collect signatures for a referendum. Its spokesperson, Dev Malhotra, said the council had “ignored every letter we sent” and that residents deserved a say.

The mayor did not attend the vote. Her office said in a statement that she supported the increase and would propose a discount for low-income households next month.

Under the plan, an average household will pay about $4.80 more a month.""",
    """LAKE MERVIN — Surface temperatures on Lake Mervin reached a record 27.4 degrees last week, researchers said on Friday, raising fears of a repeat of the algal blooms that closed beaches two summers ago.

The measurements come from a buoy anchored off the northern shore since 2009. “We have never seen numbers like this so early in the season,” said Dr. Hanne Berg, a limnologist at the state university. “It is not a single hot week. It is a trend.”

The state environment agency said it would test water at eleven beaches twice a week instead of once. Beaches will close if toxin levels pass the federal guideline, the agency said.

Resort owners said the warnings were premature. “Every July someone says the lake is dying,” said Paul Dufresne, who runs a campsite near Ostby. “And every July the families come back.”

Farm runoff is a major source of the nutrients that feed the algae, according to a 2022 report by the agency. Farmers’ groups have disputed the report’s methods and said the agency ignored the role of city sewage.

Berg said both sources mattered. “This is not about blaming farmers or the city,” she said. “It is about what the lake can take.”""",
    """NORTH QUAY — Hospital waiting times for hip and knee operations rose for the third year in a row, figures released on Wednesday show, with the median wait now 41 weeks.

The health department said the rise reflected a shortage of anaesthetists and the closure of two operating theatres for repairs. A spokesperson said the theatres would reopen “within weeks, not months.”

Patients’ groups said the figures understated the problem. “The clock only starts when you see the specialist,” said Mona Reyes of the Patients’ Alliance. “Many people wait a year just to get that appointment.”

Dr. Samuel Okafor, who heads orthopaedics at North Quay General, said his team was operating on Saturdays to clear the backlog. “We are doing what we can with what we have,” he said. “But what we have is not enough.”

The opposition health spokesperson, Claire Dunmore, called the figures “a national embarrassment” and said the government had cut training places for anaesthetists in 2020.

The department disputed that. It said training places had risen by 8 per cent since 2020 and that the first of the new anaesthetists would qualify next year.

The figures do not include private hospitals, which carried out about a quarter of all hip operations last year.""",
    """SEOUL — The city will extend its late-night bus network to four more districts from September, officials said on Tuesday, after ridership on the existing routes doubled in two years.

The “owl buses” run between midnight and 5 a.m. on nine routes. Officials said the new routes would serve areas with many shift workers, including two industrial parks and the main wholesale market.

“For people who finish work at 2 a.m., a taxi is a luxury,” said Park Ji-won, who drives one of the existing routes. “Half my passengers are cleaners and cooks.”

The transport department said each new route would cost about 1.2 billion won a year. A council member from the opposition, Kim Soo-ah, said the money would be better spent on more frequent daytime services. “We are solving a small problem and ignoring a big one,” she said.

The department rejected the criticism. Its director said night services were “the cheapest way to keep the city working around the clock.”

Ridership data will be published every quarter, the department said.""",
    """ARDMORE — Organisers cancelled the Ardmore summer festival on Sunday, two days before it was due to open, after the county withdrew its safety approval over a dispute about crowd barriers.

The festival, which drew 45,000 people last year, had been sold out since March. Ticket holders will get full refunds within 14 days, the organisers said in a statement.

“We are heartbroken,” said Nadia Qureshi, the festival director. “We did everything the county asked, and then the county asked for something else.”

The county’s chief safety officer, Martin Greaves, said the barrier plans submitted on Friday did not match the ones approved in May. “I am not going to sign off on a site where 45,000 people could be crushed,” he said. “That is my job.”

Local traders said the cancellation would cost them dearly. The owner of a café on Mill Street said she had ordered food for three days of crowds. “It is all in the freezer now,” she said.

The organisers said they were talking to lawyers. The county said it remained open to a “safe festival in a safe place” next year.""",
]

# Sentences an editor adds (new paragraphs, updates, corrections): written for this bench.
FILLER = [
    "The story has been updated with a statement from the ministry.",
    "An earlier version of this story gave the wrong date for the hearing.",
    "Officials did not respond to a request for comment on Monday evening.",
    "The figures were first reported by a local radio station.",
    "A correction was issued after publication to fix a spelling mistake.",
    "“We will study the decision carefully,” a spokesperson said.",
    "Critics said the process had been rushed from the start.",
    "The council is expected to return to the issue in the autumn.",
    "Several residents said they had not been consulted.",
    "The agency said it would publish the data online.",
    "Police said no one had been injured.",
    "The minister said the government would not change course.",
]
