/** Words too common to tell two reports apart (English function words and report boilerplate). */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are as at be because been before being
  below between both but by can could did do does doing down during each few for from further had has
  have having he her here hers him his how i if in into is it its itself just me more most my no nor not
  now of off on once only or other our out over own same she should so some such than that the their
  them then there these they this those through to too under until up very was we were what when where
  which while who whom why will with would you your yours us may might must shall get got let lets
  like use used using one two see seem seems still even though however thus there's it's don't
  doesn't isn't can't won't didn't i'm we're http https www com org html htm jpg png image
  width height info warn debug error java`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);
