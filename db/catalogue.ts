import type { ThemeCode } from "~/database/types";
import type { CatalogueEntry } from "~/models/indicator.server";

// The report's questions, from MVOI.md ("What a yearly report asks"). The same block for every
// theme, the theme-specific effects, and the qualitative questions. Seeded for 2023-2025; in
// 2025 the count of tenders is redefined as a count of lots, continuing the 2024 question.

const THEME_LABELS: Record<ThemeCode, string> = {
  milieu: "milieu en biodiversiteit",
  klimaat: "klimaat",
  circulair: "circulair",
  keten: "ketenverantwoordelijkheid (ISV)",
  diversiteit: "diversiteit en inclusie",
  "social-return": "social return",
};

const SHORT: Record<ThemeCode, string> = {
  milieu: "milieu",
  klimaat: "klimaat",
  circulair: "circulair",
  keten: "keten",
  diversiteit: "diversiteit",
  "social-return": "sr",
};

export function themeCodePrefix(theme: ThemeCode): string {
  return SHORT[theme];
}

function general(year: number): CatalogueEntry[] {
  const lots = year >= 2025;
  const tenders = lots ? "percelen_totaal" : "aanbestedingen_totaal";
  return [
    {
      code: "inkoopvolume",
      section: "algemeen",
      label: "Totaal inkoopvolume",
      help: "Alle uitgaven aan werken, leveringen en diensten in het jaar.",
      unit: "eur",
      aggregation: "sum",
      min: 0,
    },
    lots
      ? {
          code: "percelen_totaal",
          section: "algemeen",
          label: "Aantal aanbestedingen en percelen",
          help: "Vanaf 2025 telt elk perceel van een aanbesteding apart.",
          unit: "count",
          aggregation: "sum",
          min: 0,
          continues: "aanbestedingen_totaal",
        }
      : {
          code: "aanbestedingen_totaal",
          section: "algemeen",
          label: "Aantal aanbestedingen",
          help: "Aanbestedingen die in het jaar zijn gegund.",
          unit: "count",
          aggregation: "sum",
          min: 0,
        },
    {
      code: "contractwaarde_totaal",
      section: "algemeen",
      label: "Contractwaarde van die aanbestedingen",
      unit: "eur",
      aggregation: "sum",
      min: 0,
    },
    {
      code: "aanbestedingen_werken",
      section: "algemeen",
      label: "Waarvan werken (aantal)",
      unit: "count",
      aggregation: "sum",
      min: 0,
      partOf: tenders,
    },
    {
      code: "aanbestedingen_leveringen",
      section: "algemeen",
      label: "Waarvan leveringen (aantal)",
      unit: "count",
      aggregation: "sum",
      min: 0,
      partOf: tenders,
    },
    {
      code: "aanbestedingen_diensten",
      section: "algemeen",
      label: "Waarvan diensten (aantal)",
      unit: "count",
      aggregation: "sum",
      min: 0,
      partOf: tenders,
    },
    {
      code: "plan_vastgesteld",
      section: "algemeen",
      label: "Is het actieplan MVOI vastgesteld?",
      unit: "choice",
      aggregation: "distribution",
      choices: [
        { value: "ja", label: "Ja" },
        { value: "nee", label: "Nee" },
        { value: "in_voorbereiding", label: "In voorbereiding" },
      ],
    },
  ];
}

function themeBlock(theme: ThemeCode, year: number): CatalogueEntry[] {
  const p = SHORT[theme];
  const name = THEME_LABELS[theme];
  const tenders = year >= 2025 ? "percelen_totaal" : "aanbestedingen_totaal";
  const block: CatalogueEntry[] = [
    {
      code: `${p}_aanbestedingen`,
      section: theme,
      label: `Aantal aanbestedingen waarin ${name} is toegepast`,
      unit: "count",
      aggregation: "sum",
      min: 0,
      partOf: tenders,
      showShare: true,
    },
    {
      code: `${p}_waarde`,
      section: theme,
      label: "Contractwaarde van die aanbestedingen",
      unit: "eur",
      aggregation: "sum",
      min: 0,
      partOf: "contractwaarde_totaal",
      showShare: true,
    },
    {
      code: `${p}_minimumeis`,
      section: theme,
      label: "Toegepast als minimumeis (aantal aanbestedingen)",
      unit: "count",
      aggregation: "sum",
      min: 0,
      partOf: `${p}_aanbestedingen`,
    },
    {
      code: `${p}_gunningscriterium`,
      section: theme,
      label: "Toegepast als gunningscriterium (aantal)",
      unit: "count",
      aggregation: "sum",
      min: 0,
      partOf: `${p}_aanbestedingen`,
    },
    {
      code: `${p}_contractbepaling`,
      section: theme,
      label: "Toegepast als contractbepaling (aantal)",
      unit: "count",
      aggregation: "sum",
      min: 0,
      partOf: `${p}_aanbestedingen`,
    },
    {
      code: `${p}_stap`,
      section: theme,
      label: "Bereikte stap op het stappenplan",
      help: "1 Afweging, 2 Pilots, 3 Verbreding, 4 Borging, 5 Leiderschap.",
      unit: "step",
      aggregation: "distribution",
      min: 1,
      max: 5,
    },
  ];
  const effects: Record<ThemeCode, CatalogueEntry[]> = {
    klimaat: [
      {
        code: "klimaat_co2_vermeden",
        section: theme,
        label: "Vermeden CO2-uitstoot",
        help: "In ton CO2-equivalent.",
        unit: "tonnes_co2",
        aggregation: "sum",
        min: 0,
        usualMax: 500_000,
      },
      {
        code: "klimaat_co2_ladder",
        section: theme,
        label: "Aanbestedingen met de CO2-Prestatieladder (aantal)",
        unit: "count",
        aggregation: "sum",
        min: 0,
        partOf: "klimaat_aanbestedingen",
      },
    ],
    circulair: [
      {
        code: "circulair_grondstoffen_vermeden",
        section: theme,
        label: "Vermeden primaire grondstoffen",
        help: "In ton.",
        unit: "tonnes",
        aggregation: "sum",
        min: 0,
        usualMax: 1_000_000,
      },
    ],
    milieu: [
      {
        code: "milieu_mki_reductie",
        section: theme,
        label: "Reductie milieukostenindicator (MKI)",
        help: "In euro.",
        unit: "eur",
        aggregation: "sum",
        min: 0,
      },
    ],
    keten: [
      {
        code: "keten_risico_aanbestedingen",
        section: theme,
        label: "Aanbestedingen in ISV-risicocategorieën (aantal)",
        unit: "count",
        aggregation: "sum",
        min: 0,
        partOf: tenders,
      },
      {
        code: "keten_isv_voorwaarden",
        section: theme,
        label: "Waarvan met ISV-voorwaarden (aantal)",
        unit: "count",
        aggregation: "sum",
        min: 0,
        partOf: "keten_risico_aanbestedingen",
        showShare: true,
      },
      {
        code: "keten_due_diligence",
        section: theme,
        label: "Ontvangen due-diligenceplannen van leveranciers (aantal)",
        unit: "count",
        aggregation: "sum",
        min: 0,
      },
    ],
    "social-return": [
      {
        code: "sr_verplichting",
        section: theme,
        label: "Social-returnverplichting",
        help: "In euro.",
        unit: "eur",
        aggregation: "sum",
        min: 0,
      },
      {
        code: "sr_gerealiseerd",
        section: theme,
        label: "Gerealiseerde social return",
        help: "In euro.",
        unit: "eur",
        aggregation: "sum",
        min: 0,
      },
      {
        code: "sr_plaatsingen",
        section: theme,
        label: "Plaatsingen (personen)",
        unit: "people",
        aggregation: "sum",
        min: 0,
        usualMax: 2_000,
      },
      { code: "sr_fte", section: theme, label: "Plaatsingen in fte", unit: "fte", aggregation: "sum", min: 0, usualMax: 1_500 },
    ],
    diversiteit: [
      {
        code: "div_sociale_ondernemingen",
        section: theme,
        label: "Contracten met sociale ondernemingen (aantal)",
        unit: "count",
        aggregation: "sum",
        min: 0,
      },
      { code: "div_waarde", section: theme, label: "Waarde van die contracten", help: "In euro.", unit: "eur", aggregation: "sum", min: 0 },
    ],
  };
  return [
    ...block,
    ...effects[theme],
    { code: `${p}_toelichting`, section: theme, label: `Toelichting op ${name}`, unit: "text", aggregation: "none" },
  ];
}

const QUALITATIVE: CatalogueEntry[] = [
  {
    code: "goede_voorbeelden",
    section: "kwalitatief",
    label: "Goede voorbeelden",
    help: "Aanbestedingen of contracten waar u trots op bent.",
    unit: "text",
    aggregation: "none",
  },
  {
    code: "belemmeringen",
    section: "kwalitatief",
    label: "Belemmeringen",
    help: "Wat staat maatschappelijk verantwoord inkopen bij u in de weg?",
    unit: "text",
    aggregation: "none",
  },
];

const THEME_ORDER: ThemeCode[] = ["milieu", "klimaat", "circulair", "keten", "diversiteit", "social-return"];

export function catalogueFor(year: number): CatalogueEntry[] {
  return [...general(year), ...THEME_ORDER.flatMap((t) => themeBlock(t, year)), ...QUALITATIVE];
}
