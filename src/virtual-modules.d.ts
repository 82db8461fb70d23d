// Modules the build makes (scripts/*Module.ts)
declare module 'virtual:traitor-story' {
  const story: import('./learn/traitorStoryShape').TraitorStory
  export default story
}
